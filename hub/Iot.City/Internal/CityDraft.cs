using Iot.Contracts;
using NetTopologySuite.Geometries;

namespace Iot.City.Internal;

/// <summary>An item read from a city file with the JSON path it came from; <see cref="Id"/> is empty when it had none.</summary>
internal sealed record Located<T>(T Value, string Path, string Id)
{
    public string Location(string? field = null) =>
        CityErrorList.Locate(field is null ? Path : $"{Path}.{field}", Id);
}

/// <summary>
/// A streetlight, bin, cabinet or bus as read from its GeoJSON feature, before references are checked.
/// Null means missing or invalid, and already reported.
/// </summary>
internal sealed record AssetDraft(
    string Path,
    string Id,
    ServiceKind? Service,
    string? CommuneId,
    string? AgentId,
    Point? Location,
    string? DistrictId,
    string? CabinetId,
    string? RouteId,
    string? Address,
    IReadOnlyDictionary<string, double> Model)
{
    public string Locate(string? field = null) =>
        CityErrorList.Locate(field is null ? Path : $"{Path}.{field}", Id);
}

/// <summary>
/// Every section of a city file as read, before cross-references are checked. Items whose fields were invalid
/// carry empty placeholders (empty strings, empty geometries) so that one mistake is reported once, not again
/// by every item that refers to them. <see cref="UnreadableSections"/> names the sections that were missing or not arrays.
/// </summary>
internal sealed record CityDraft(
    IReadOnlyList<Located<Commune>> Communes,
    IReadOnlyList<Located<District>> Districts,
    IReadOnlyList<Located<Operator>> Operators,
    IReadOnlyList<Located<ServiceContract>> Contracts,
    IReadOnlyList<Located<Agent>> Agents,
    IReadOnlyList<Located<BusRoute>> Routes,
    IReadOnlyList<Located<Street>> Streets,
    IReadOnlyList<AssetDraft> Assets,
    IReadOnlySet<string> UnreadableSections);
