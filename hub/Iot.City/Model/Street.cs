using NetTopologySuite.Geometries;

namespace Iot.City;

/// <summary>A named street centre line, enough to draw an offline base map and to write addresses.</summary>
public sealed record Street(string Id, string CommuneId, string Name, LineString Line);
