using Iot.Hub.Internal;
using Microsoft.AspNetCore.Mvc;

namespace Iot.Hub.Devices;

/// <summary>The query string of <c>GET /api/devices</c>, bound with <c>[AsParameters]</c>; <see cref="Bbox"/> parses itself.</summary>
// [FromQuery] names keep the query string (and the OpenAPI document, a public surface) camelCase as before.
internal sealed record DeviceListQuery(
    [FromQuery(Name = "service")] string? Service,
    [FromQuery(Name = "commune")] string? Commune,
    [FromQuery(Name = "district")] string? District,
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "bbox")] BoundingBox? Bbox);
