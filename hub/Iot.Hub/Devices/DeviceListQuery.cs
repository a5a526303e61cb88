using Iot.Hub.Internal;

namespace Iot.Hub.Devices;

/// <summary>The query string of <c>GET /api/devices</c>, bound with <c>[AsParameters]</c>; <see cref="Bbox"/> parses itself.</summary>
internal sealed record DeviceListQuery(string? Service, string? Commune, string? District, string? Status, BoundingBox? Bbox);
