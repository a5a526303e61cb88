using System.Globalization;
using Iot.Access;
using Iot.City;
using Iot.Contracts;
using Iot.Hub.Internal;
using Iot.Hub.Tickets;
using Iot.Hub.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Iot.Hub.Indicators;

internal static class IndicatorsEndpoints
{
    /// <summary>Longest span one request may cover.</summary>
    public const int MaxDays = 1100;

    public static IEndpointRouteBuilder MapIndicatorsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/indicators").WithTags("Indicators");
        group.MapGet("/", GetAsync).WithName("GetIndicators")
            .WithDescription("Service-quality indicators per period. Filters: commune (default: the first), service, operator, district. from/to: commune-local dates yyyy-MM-dd (or ISO 8601 instants, taken at their commune-local date), to exclusive; granularity day|week (ISO, Monday first)|month. Default: the previous and the current month.");
        group.MapGet("/kpi", KpiAsync).WithName("GetIndicatorsKpi")
            .WithDescription("The same indicators as FIWARE KeyPerformanceIndicator entities (NGSI-v2, keyValues; options=normalized for the normalized form).");
        group.MapGet("/tickets", TicketsAsync).WithName("GetIndicatorTickets")
            .WithDescription("The tickets behind one indicator (id) of the period containing from: the drill-down.");
        return group;
    }

    internal static async Task<Results<Ok<IndicatorResult>, ProblemHttpResult>> GetAsync(
        [AsParameters] IndicatorListQuery request, HttpContext http, IndicatorService indicators, CancellationToken cancellationToken)
    {
        if (ScopeOperator(http, ref request) is { } refused)
        {
            return refused;
        }

        var (query, problem) = Parse(indicators, request);
        return problem is not null ? problem : TypedResults.Ok(await indicators.QueryAsync(query!, cancellationToken));
    }

    internal static async Task<Results<Ok<IReadOnlyList<TicketDto>>, ProblemHttpResult>> TicketsAsync(
        string? id, [AsParameters] IndicatorListQuery request, HttpContext http, IndicatorService indicators, CancellationToken cancellationToken)
    {
        if (ScopeOperator(http, ref request) is { } refused)
        {
            return refused;
        }

        if (id is null || !KpiTargets.All.Contains(id))
        {
            return Problems.Invalid("id", $"id must be one of {string.Join(", ", KpiTargets.All)}.");
        }

        var (query, problem) = Parse(indicators, request with { To = null }); // the period containing from
        if (problem is not null)
        {
            return problem;
        }

        var tickets = await indicators.TicketsBehindAsync(query!, id, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<TicketDto>>([.. tickets.Select(TicketDto.From)]);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> KpiAsync(
        [AsParameters] IndicatorListQuery request, string? options, HttpContext http, IndicatorService indicators, TimeProvider time, CancellationToken cancellationToken)
    {
        if (ScopeOperator(http, ref request) is { } refused)
        {
            return refused;
        }

        if (options is not (null or "keyValues" or "normalized"))
        {
            return Problems.Invalid("options", "options must be keyValues or normalized.");
        }

        var (query, problem) = Parse(indicators, request);
        if (problem is not null)
        {
            return problem;
        }

        var result = await indicators.QueryAsync(query!, cancellationToken);
        var json = KpiExport.Write(result, indicators.City, time.GetUtcNow(), normalized: options == "normalized");
        return TypedResults.Content(json, "application/json; charset=utf-8");
    }

    /// <summary>
    /// An operator user's indicators are its own operator's: the operator filter is forced to it (sign-in, hub/Iot.Hub/Users);
    /// asking for another operator is refused (403, field <c>operator</c>).
    /// </summary>
    internal static ProblemHttpResult? ScopeOperator(HttpContext http, ref IndicatorListQuery request)
    {
        var viewer = http.Viewer();
        if (!HubAccess.MayFilterByOperator(viewer, request.Operator))
        {
            return TypedResults.Problem($"An operator user sees its own operator's indicators only ({viewer.OperatorId}).", statusCode: StatusCodes.Status403Forbidden,
                title: "Not allowed", extensions: new Dictionary<string, object?> { ["field"] = "operator" });
        }

        request = request with { Operator = HubAccess.OperatorFilter(viewer, request.Operator) };
        return null;
    }

    /// <summary>Checks the query parameters; a bad one gives a 400 naming it.</summary>
    internal static (IndicatorQuery? Query, ProblemHttpResult? Problem) Parse(IndicatorService indicators, IndicatorListQuery request)
    {
        var (commune, service, @operator, district, from, to, granularity) = request;
        var place = indicators.FindCommune(commune);
        if (place is null)
        {
            return (null, Problems.Invalid("commune", commune is null ? "the hub watches no commune." : $"unknown commune '{commune}'."));
        }

        if (service is not null && !ServiceKinds.TryParse(service, out _))
        {
            return (null, Problems.Invalid("service", $"service '{service}' is not one of streetlight|cabinet|wastebin|bus."));
        }

        if (@operator is not null && !indicators.City.Operators.Any(o => o.Id == @operator))
        {
            return (null, Problems.Invalid("operator", $"unknown operator '{@operator}'."));
        }

        if (district is not null && !indicators.City.Districts.Any(d => d.Id == district && d.CommuneId == place.Id))
        {
            return (null, Problems.Invalid("district", $"unknown district '{district}' in commune '{place.Id}'."));
        }

        var grain = IndicatorGranularity.Month;
        if (granularity is not null && !IndicatorPeriods.TryParse(granularity, out grain))
        {
            return (null, Problems.Invalid("granularity", $"granularity '{granularity}' is not one of day|week|month."));
        }

        var zone = IndicatorService.ZoneOf(place);
        var today = indicators.Today(place);
        DateOnly fromDate, toDate;
        if (from is null)
        {
            fromDate = IndicatorPeriods.Containing(IndicatorPeriods.Containing(today, grain).Start.AddDays(-1), grain).Start;
        }
        else if (!TryParseDate(from, zone, out fromDate))
        {
            return (null, Problems.Invalid("from", $"from '{from}' is not a date (yyyy-MM-dd) or an ISO 8601 date and time."));
        }

        if (to is null)
        {
            toDate = IndicatorPeriods.Containing(from is null ? today : fromDate, grain).End;
        }
        else if (!TryParseDate(to, zone, out toDate))
        {
            return (null, Problems.Invalid("to", $"to '{to}' is not a date (yyyy-MM-dd) or an ISO 8601 date and time."));
        }

        if (toDate <= fromDate)
        {
            return (null, Problems.Invalid("to", $"to ({toDate:yyyy-MM-dd}) must be after from ({fromDate:yyyy-MM-dd}); to is exclusive."));
        }

        if (toDate.DayNumber - fromDate.DayNumber > MaxDays)
        {
            return (null, Problems.Invalid("to", $"a request covers at most {MaxDays} days."));
        }

        return (new IndicatorQuery(place.Id, fromDate, toDate, grain, service, @operator, district), null);
    }

    private static bool TryParseDate(string text, TimeZoneInfo zone, out DateOnly date)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            date = IndicatorPeriods.DateOf(instant.ToUnixTimeMilliseconds(), zone);
            return true;
        }

        return false;
    }
}
