namespace Iot.Hub.Indicators;

/// <summary>
/// One indicator over one period. <see cref="Value"/> is null when there is nothing to measure (no due time, no
/// ticket, no data source): "no data", never 0. <see cref="Coverage"/> is the share of the measured time (or items)
/// for which data existed, 0..1. <see cref="Target"/> is the contract's target, when the scope has one.
/// </summary>
public sealed record IndicatorValue(
    string Id,
    string Name,
    string Definition,
    string Unit,
    double? Value,
    double Numerator,
    double Denominator,
    double Coverage,
    double? Target,
    string? Note = null);

/// <summary>The indicators of one period [<see cref="Start"/>, <see cref="End"/>) (commune-local midnights).</summary>
/// <param name="Partial">The period is not over yet: its values run up to now.</param>
public sealed record IndicatorPeriod(string Label, DateTimeOffset Start, DateTimeOffset End, bool Partial, IReadOnlyList<IndicatorValue> Indicators);

/// <summary>What <c>GET /api/indicators</c> answers.</summary>
public sealed record IndicatorResult(
    string Commune,
    string TimeZone,
    string Granularity,
    string? Service,
    string? Operator,
    string? District,
    IReadOnlyList<IndicatorPeriod> Periods);

/// <summary>A request for indicators; null filters mean all. Dates are commune-local, <see cref="To"/> exclusive.</summary>
public sealed record IndicatorQuery(
    string CommuneId,
    DateOnly From,
    DateOnly To,
    IndicatorGranularity Granularity,
    string? Service = null,
    string? OperatorId = null,
    string? DistrictId = null);
