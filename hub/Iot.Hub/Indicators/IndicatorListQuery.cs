using Microsoft.AspNetCore.Mvc;

namespace Iot.Hub.Indicators;

/// <summary>
/// The query string shared by <c>GET /api/indicators</c>, <c>/kpi</c> and <c>/tickets</c>, bound with <c>[AsParameters]</c>;
/// <see cref="IndicatorsEndpoints.Parse"/> checks it against the city and names the first bad parameter in a 400.
/// </summary>
// [FromQuery] names keep the query string (and the OpenAPI document, a public surface) camelCase as before.
internal sealed record IndicatorListQuery(
    [FromQuery(Name = "commune")] string? Commune,
    [FromQuery(Name = "service")] string? Service,
    [FromQuery(Name = "operator")] string? Operator,
    [FromQuery(Name = "district")] string? District,
    [FromQuery(Name = "from")] string? From,
    [FromQuery(Name = "to")] string? To,
    [FromQuery(Name = "granularity")] string? Granularity);
