using Iot.City.Internal;
using Iot.Contracts;
using NetTopologySuite.Geometries;

namespace Iot.City;

/// <summary>
/// A delegation contract: <paramref name="OperatorId"/> runs <paramref name="Service"/> in <paramref name="Zone"/>
/// (a Polygon or MultiPolygon) of a commune from <paramref name="Start"/> to <paramref name="End"/> inclusive,
/// and answers tickets within the deadlines of its <paramref name="Sla"/> table (one term per severity).
/// <see cref="Targets"/> are the contract's service-quality targets by indicator id (<see cref="KpiTargets"/>); optional.
/// </summary>
public sealed record ServiceContract(
    string Id,
    string OperatorId,
    string CommuneId,
    ServiceKind Service,
    Geometry Zone,
    IReadOnlyList<SlaTerm> Sla,
    DateOnly Start,
    DateOnly End)
{
    /// <summary>Target value per indicator id (<see cref="KpiTargets"/>): empty when the contract states none.</summary>
    public IReadOnlyDictionary<string, double> Targets { get; init; } = new Dictionary<string, double>();

    /// <summary>The SLA term for a severity (low, medium, high, critical), or null when the table has none.</summary>
    public SlaTerm? FindSla(string severity) => Sla.FirstOrDefault(term => term.Severity == severity);

    /// <summary>Whether the contract is in force on <paramref name="date"/>.</summary>
    public bool IsActiveOn(DateOnly date) => date >= Start && date <= End;

    public bool Equals(ServiceContract? other) =>
        other is not null
        && Id == other.Id
        && OperatorId == other.OperatorId
        && CommuneId == other.CommuneId
        && Service == other.Service
        && Zone.EqualsExact(other.Zone)
        && ValueEquality.Lists(Sla, other.Sla)
        && Start == other.Start
        && End == other.End
        && ValueEquality.Dictionaries(Targets, other.Targets);

    public override int GetHashCode() => HashCode.Combine(Id, OperatorId, Service, Start, End);
}
