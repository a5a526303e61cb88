using Iot.Access;
using Iot.City;
using Iot.Contracts;
using Iot.Hub.Devices;
using Iot.Hub.Internal;
using Iot.Hub.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Iot.Hub.Tickets;

internal static class TicketsEndpoints
{
    public const int MaxPageSize = TicketListQuery.MaxPageSize;

    public static IEndpointRouteBuilder MapTickets(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tickets").WithTags("Tickets");
        group.MapGet("/", ListAsync).WithName("ListTickets").WithQueryProblems()
            .WithDescription("Tickets, newest first. Filters: status, service, operator, severity, district, unrouted=true|false, bbox=minLon,minLat,maxLon,maxLat, from/to on openedAt (ISO 8601 or Unix ms). Paging: page (from 1), pageSize (1..500, default 50).");
        group.MapGet("/{id:long}", GetAsync).WithName("GetTicket");
        group.MapPost("/", OpenAsync).WithName("OpenTicket")
            .WithDescription("Opens a manual ticket: service, severity, summary, and deviceId or longitude/latitude (+ communeId when the hub watches several communes).");
        // The actor of every change is the signed-in user; an operator user acts only on its own operator's tickets.
        group.MapPost("/{id:long}/ack", AcknowledgeAsync);
        group.MapPost("/{id:long}/resolve", ResolveAsync);
        group.MapPost("/{id:long}/comment", CommentAsync);
        group.MapPost("/{id:long}/close", CloseAsync);
        return group;
    }

    private static async Task<Results<Ok<TicketPageDto>, ProblemHttpResult>> ListAsync(
        [AsParameters] TicketListQuery request, HttpContext http, TicketStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var (query, problem) = request.Check(time.GetUtcNow());
        if (problem is not null)
        {
            return problem;
        }

        // An operator user's listing is limited in the query itself to its operator's tickets (another operator's: none).
        var viewer = http.Viewer();
        if (!HubAccess.MayFilterByOperator(viewer, query!.OperatorId))
        {
            return TypedResults.Ok(new TicketPageDto([], 0, query!.Page, query.PageSize));
        }

        query = query! with { OperatorId = HubAccess.OperatorFilter(viewer, query.OperatorId) };
        var (items, total) = await store.QueryAsync(query, cancellationToken);
        return TypedResults.Ok(new TicketPageDto([.. items.Select(TicketDto.From)], total, query.Page, query.PageSize));
    }

    private static async Task<Results<Ok<TicketDetailDto>, ProblemHttpResult>> GetAsync(long id, HttpContext http, TicketStore store, CancellationToken cancellationToken)
    {
        var viewer = http.Viewer();
        var ticket = await store.FindAsync(id, cancellationToken);
        if (ticket is null || !HubAccess.MaySeeTicket(viewer, ticket.OperatorId))
        {
            return NotFound(id); // another operator's ticket reads as unknown: existence does not leak
        }

        var audit = await store.AuditAsync(id, cancellationToken);
        var children = await store.ChildrenAsync(id, cancellationToken);
        return TypedResults.Ok(new TicketDetailDto(
            TicketDto.From(ticket),
            [.. audit.Select(a => new TimelineEntryDto(DateTimeOffset.FromUnixTimeMilliseconds(a.AtMs), a.Actor, a.Action, a.Detail))],
            [.. children.Where(c => HubAccess.MaySeeTicket(viewer, c.OperatorId)).Select(TicketDto.From)]));
    }

    private static async Task<Results<Created<TicketDto>, ProblemHttpResult>> OpenAsync(
        ManualTicket? request, HttpContext http, TicketService tickets, HubAccess access, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return Problems.Invalid("body", "The body must be a JSON object with service, severity, summary and deviceId or longitude/latitude.");
        }

        var viewer = http.Viewer();
        if (!viewer.SeesAll && OutsideScope(request, viewer, access) is { } refusal)
        {
            return refusal;
        }

        try
        {
            var ticket = await tickets.OpenManualAsync(request, viewer.Name, cancellationToken);
            return TypedResults.Created($"/api/tickets/{ticket.Id}", TicketDto.From(ticket));
        }
        catch (TicketRequestException ex)
        {
            return Problems.Invalid(ex.Field, ex.Message);
        }
    }

    private static Task<Results<Ok<TicketDto>, ProblemHttpResult>> AcknowledgeAsync(
        long id, TicketActionRequest? body, HttpContext http, TicketService tickets, CancellationToken cancellationToken) =>
        ChangeAsync(id, http, tickets, actor => tickets.AcknowledgeAsync(id, actor, cancellationToken), cancellationToken);

    private static Task<Results<Ok<TicketDto>, ProblemHttpResult>> ResolveAsync(
        long id, TicketActionRequest? body, HttpContext http, TicketService tickets, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(body?.Note)
            ? Task.FromResult<Results<Ok<TicketDto>, ProblemHttpResult>>(Problems.Invalid("note", "note is required to resolve a ticket: say what was done."))
            : ChangeAsync(id, http, tickets, actor => tickets.ResolveAsync(id, actor, body.Note, cancellationToken), cancellationToken);

    private static Task<Results<Ok<TicketDto>, ProblemHttpResult>> CommentAsync(
        long id, TicketActionRequest? body, HttpContext http, TicketService tickets, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(body?.Text)
            ? Task.FromResult<Results<Ok<TicketDto>, ProblemHttpResult>>(Problems.Invalid("text", "text is required."))
            : ChangeAsync(id, http, tickets, actor => tickets.CommentAsync(id, actor, body.Text, cancellationToken), cancellationToken);

    private static Task<Results<Ok<TicketDto>, ProblemHttpResult>> CloseAsync(
        long id, TicketActionRequest? body, HttpContext http, TicketService tickets, CancellationToken cancellationToken) =>
        ChangeAsync(id, http, tickets, actor => tickets.CloseAsync(id, actor, body?.Note, cancellationToken), cancellationToken);

    private static async Task<Results<Ok<TicketDto>, ProblemHttpResult>> ChangeAsync(
        long id, HttpContext http, TicketService tickets, Func<string, Task<Ticket>> change, CancellationToken cancellationToken)
    {
        var viewer = http.Viewer();
        if (!viewer.SeesAll && (await tickets.FindAsync(id, cancellationToken) is not { } ticket || !HubAccess.MaySeeTicket(viewer, ticket.OperatorId)))
        {
            return NotFound(id);
        }

        if (!HubAccess.MayActOnTickets(viewer))
        {
            return TypedResults.Problem($"Role {viewer.Role} may not change tickets.", statusCode: StatusCodes.Status403Forbidden, title: "Not allowed");
        }

        try
        {
            return TypedResults.Ok(TicketDto.From(await change(viewer.Name)));
        }
        catch (TicketNotFoundException ex)
        {
            return NotFound(ex.TicketId);
        }
        catch (TicketConflictException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "Not allowed in this status");
        }
    }

    /// <summary>
    /// An operator user opens tickets only on its own contracts: the device must be one it sees, and the place (the
    /// device's, or the one given) must route to its operator for the service asked — else the ticket would land in
    /// another operator's queue. A device it may not see reads as unknown, as everywhere else.
    /// </summary>
    private static ProblemHttpResult? OutsideScope(ManualTicket request, Viewer viewer, HubAccess access)
    {
        string commune;
        double lon, lat;
        if (request.DeviceId is { } deviceId)
        {
            if (!access.MaySeeAsset(viewer, deviceId) || access.City.FindAsset(deviceId) is not { } asset)
            {
                return Problems.Invalid("deviceId", $"device '{deviceId}' is not in the registry.");
            }

            (commune, lon, lat) = (asset.CommuneId, asset.Location.X, asset.Location.Y);
        }
        else if (request.Longitude is { } x && request.Latitude is { } y)
        {
            var communes = access.City.City.Communes;
            commune = request.CommuneId ?? (communes.Count == 1 ? communes[0].Id : "");
            (lon, lat) = (x, y);
        }
        else
        {
            return null; // nothing to place: the ticket service names the missing field
        }

        if (request.Service is null || !ServiceKinds.TryParse(request.Service, out var service))
        {
            return null; // the ticket service names the bad service
        }

        return access.MayOpenTicketAt(viewer, commune, service, lon, lat)
            ? null
            : TypedResults.Problem(
                $"Operator {viewer.OperatorId} has no {service.ToWire()} contract here: an operator user opens tickets on its own contracts only.",
                statusCode: StatusCodes.Status403Forbidden, title: "Outside your contracts",
                extensions: new Dictionary<string, object?> { ["field"] = request.DeviceId is null ? "longitude" : "service" });
    }

    private static ProblemHttpResult NotFound(long id) => Problems.NotFound("ticket", $"No ticket {id}.");
}
