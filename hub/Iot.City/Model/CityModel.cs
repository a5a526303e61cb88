using System.Diagnostics.CodeAnalysis;
using Iot.City.Internal;

namespace Iot.City;

/// <summary>
/// Everything the hub knows about the cities it watches, as loaded from a city file
/// (see <see cref="CityLoader"/>) or made by <see cref="CityGenerator"/>. Immutable; lists keep file order.
/// Equality is by value, list by list, so a city survives <c>Load(Write(city))</c> unchanged.
/// For look-ups by id or by place, build a <see cref="CityIndex"/>.
/// </summary>
public sealed record CityModel(
    IReadOnlyList<Commune> Communes,
    IReadOnlyList<District> Districts,
    IReadOnlyList<Operator> Operators,
    IReadOnlyList<ServiceContract> Contracts,
    IReadOnlyList<Agent> Agents,
    IReadOnlyList<BusRoute> Routes,
    IReadOnlyList<Street> Streets,
    IReadOnlyList<Asset> Assets)
{
    /// <summary>The name of the district with that id; the id itself when no district has it (null for null).</summary>
    [return: NotNullIfNotNull(nameof(id))]
    public string? DistrictName(string? id) => id is null ? null : Districts.FirstOrDefault(d => d.Id == id)?.Name ?? id;

    /// <summary>The name of the operator with that id; the id itself when no operator has it (null for null).</summary>
    [return: NotNullIfNotNull(nameof(id))]
    public string? OperatorName(string? id) => id is null ? null : Operators.FirstOrDefault(o => o.Id == id)?.Name ?? id;

    public bool Equals(CityModel? other) =>
        other is not null
        && ValueEquality.Lists(Communes, other.Communes)
        && ValueEquality.Lists(Districts, other.Districts)
        && ValueEquality.Lists(Operators, other.Operators)
        && ValueEquality.Lists(Contracts, other.Contracts)
        && ValueEquality.Lists(Agents, other.Agents)
        && ValueEquality.Lists(Routes, other.Routes)
        && ValueEquality.Lists(Streets, other.Streets)
        && ValueEquality.Lists(Assets, other.Assets);

    public override string ToString() =>
        $"CityModel {{ {Communes.Count} communes, {Districts.Count} districts, {Operators.Count} operators, {Contracts.Count} contracts, "
        + $"{Agents.Count} agents, {Routes.Count} routes, {Streets.Count} streets, {Assets.Count} assets }}";

    public override int GetHashCode() =>
        HashCode.Combine(Communes.Count, Districts.Count, Agents.Count, Assets.Count);
}
