using Iot.City.Internal;
using Iot.Contracts;
using NetTopologySuite.Geometries;

namespace Iot.City;

/// <summary>
/// A monitored device: its <paramref name="Id"/> is the device id of its topics. <paramref name="AgentId"/> is the edge agent
/// that publishes for it; <paramref name="DistrictId"/> the district whose area covers <paramref name="Location"/>.
/// Streetlights hang on a cabinet (<paramref name="CabinetId"/>, a cabinet asset); buses run a route (<paramref name="RouteId"/>).
/// <paramref name="Model"/> holds the model data rules need, for example <c>ratedPower</c> (W) of a lamp,
/// <c>binHeight</c> and <c>sensorOffset</c> (m) of a bin, <c>lampCount</c> of a cabinet, <c>capacity</c> of a bus.
/// </summary>
public sealed record Asset(
    string Id,
    ServiceKind Service,
    string CommuneId,
    string AgentId,
    Point Location,
    string DistrictId,
    string? CabinetId,
    string? RouteId,
    string? Address,
    IReadOnlyDictionary<string, double> Model)
{
    /// <summary>A model value, or null when the asset's model does not state it.</summary>
    public double? FindModelValue(string name) => Model.TryGetValue(name, out var value) ? value : null;

    public bool Equals(Asset? other) =>
        other is not null
        && Id == other.Id
        && Service == other.Service
        && CommuneId == other.CommuneId
        && AgentId == other.AgentId
        && Location.EqualsExact(other.Location)
        && DistrictId == other.DistrictId
        && CabinetId == other.CabinetId
        && RouteId == other.RouteId
        && Address == other.Address
        && ValueEquality.Dictionaries(Model, other.Model);

    public override int GetHashCode() => HashCode.Combine(Id, Service, AgentId);
}
