using NetTopologySuite.Geometries;

namespace Iot.City;

/// <summary>A district of a commune; indicators are broken down by district. Districts of a commune should not overlap.</summary>
public sealed record District(string Id, string CommuneId, string Name, Polygon Area);
