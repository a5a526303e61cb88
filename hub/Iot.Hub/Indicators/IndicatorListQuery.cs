namespace Iot.Hub.Indicators;

/// <summary>
/// The query string shared by <c>GET /api/indicators</c>, <c>/kpi</c> and <c>/tickets</c>, bound with <c>[AsParameters]</c>;
/// <see cref="IndicatorsEndpoints.Parse"/> checks it against the city and names the first bad parameter in a 400.
/// </summary>
internal sealed record IndicatorListQuery(
    string? Commune, string? Service, string? Operator, string? District, string? From, string? To, string? Granularity);
