using Iot.City;
using Iot.Contracts;
using Iot.Hub.Devices;
using Iot.Hub.Internal;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Iot.Hub.Tickets;

/// <summary>
/// The query string of <c>GET /api/tickets</c>, bound with <c>[AsParameters]</c>. <see cref="Bbox"/> parses itself; the
/// others are checked by <see cref="Check"/>, which names the first bad one in a 400.
/// </summary>
// [FromQuery] names keep the query string (and the OpenAPI document, a public surface) camelCase as before.
internal sealed record TicketListQuery(
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "service")] string? Service,
    [FromQuery(Name = "operator")] string? Operator,
    [FromQuery(Name = "severity")] string? Severity,
    [FromQuery(Name = "district")] string? District,
    [FromQuery(Name = "unrouted")] string? Unrouted,
    [FromQuery(Name = "bbox")] BoundingBox? Bbox,
    [FromQuery(Name = "from")] string? From,
    [FromQuery(Name = "to")] string? To,
    [FromQuery(Name = "page")] int? Page,
    [FromQuery(Name = "pageSize")] int? PageSize)
{
    public const int MaxPageSize = 500;
    public const int DefaultPageSize = 50;

    /// <summary>The store query (all operators: the caller scopes it to the viewer), or the problem with the parameters.</summary>
    public (TicketQuery? Query, ProblemHttpResult? Problem) Check(DateTimeOffset now)
    {
        TicketStatus? status = null;
        if (Status is not null)
        {
            if (!TicketStore.TryParseStatus(Status, out var s))
            {
                return (null, Problems.Invalid("status", $"status '{Status}' is not one of open|acknowledged|resolved|closed."));
            }

            status = s;
        }

        ServiceKind? service = null;
        if (Service is not null)
        {
            if (!ServiceKinds.TryParse(Service, out var k))
            {
                return (null, Problems.Invalid("service", $"service '{Service}' is not one of streetlight|cabinet|wastebin|bus."));
            }

            service = k;
        }

        if (Severity is not null && !SlaSeverities.All.Contains(Severity))
        {
            return (null, Problems.Invalid("severity", $"severity '{Severity}' is not one of low|medium|high|critical."));
        }

        bool? unrouted = Unrouted switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => null,
        };
        if (Unrouted is not null && unrouted is null)
        {
            return (null, Problems.Invalid("unrouted", "unrouted must be true or false."));
        }

        long? from = null, to = null;
        if (From is not null)
        {
            if (!TimeParameters.TryParseInstant(From, now, out var f))
            {
                return (null, Problems.Invalid("from", "from must be an ISO 8601 time or Unix milliseconds."));
            }

            from = f;
        }

        if (To is not null)
        {
            if (!TimeParameters.TryParseInstant(To, now, out var t))
            {
                return (null, Problems.Invalid("to", "to must be an ISO 8601 time or Unix milliseconds."));
            }

            to = t;
        }

        if (Page is < 1)
        {
            return (null, Problems.Invalid("page", "page starts at 1."));
        }

        if (PageSize is < 1 or > MaxPageSize)
        {
            return (null, Problems.Invalid("pageSize", $"pageSize must be between 1 and {MaxPageSize}."));
        }

        var box = Bbox is { } b ? (b.MinLon, b.MinLat, b.MaxLon, b.MaxLat) : ((double, double, double, double)?)null;
        return (new TicketQuery(status, service, Operator, Severity, District, box, from, to, unrouted, Page ?? 1, PageSize ?? DefaultPageSize), null);
    }
}
