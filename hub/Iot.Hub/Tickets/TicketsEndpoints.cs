using System.Globalization;
using Iot.City;
using Iot.Contracts;
using Iot.Hub.Devices;
using Iot.Hub.Internal;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Iot.Hub.Tickets;

internal static class TicketsEndpoints
{
    public const int MaxPageSize = 500;

    public static IServiceCollection AddTickets(this IServiceCollection services)
    {
        services.AddOptions<TicketOptions>().BindConfiguration(TicketOptions.SectionName).ValidateSection(TicketOptions.SectionName)
            .Validate(o => o.RuleHoldDownSeconds.Values.All(v => v is >= 0 and <= 86_400), "Tickets:RuleHoldDownSeconds: each value must be between 0 and 86400 seconds.")
            .ValidateOnStart();
        services.AddSingleton(sp => new CityIndex(sp.GetRequiredService<DeviceRegistry>().City));
        services.AddSingleton<TicketStore>();
        services.AddSingleton<TicketRouter>();
        services.AddSingleton<TicketService>();
        services.AddHostedService(sp => sp.GetRequiredService<TicketService>());
        services.AddSingleton<IProblemSink>(sp => sp.GetRequiredService<TicketService>());
        services.AddSingleton<ITicketDirectory>(sp => sp.GetRequiredService<TicketService>());
        return services;
    }

    public static RouteGroupBuilder MapTickets(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tickets").WithTags("Tickets");
        group.MapGet("/", ListAsync).WithName("ListTickets")
            .WithDescription("Tickets, newest first. Filters: status, service, operator, severity, district, unrouted=true|false, bbox=minLon,minLat,maxLon,maxLat, from/to on openedAt (ISO 8601 or Unix ms). Paging: page (from 1), pageSize (1..500, default 50).");
        group.MapGet("/{id:long}", GetAsync).WithName("GetTicket");
        group.MapPost("/", OpenAsync).WithName("OpenTicket")
            .WithDescription("Opens a manual ticket: service, severity, summary, and deviceId or longitude/latitude (+ communeId when the hub watches several communes).");
        group.MapPost("/{id:long}/ack", (long id, TicketActionRequest? body, HttpContext http, TicketService tickets, CancellationToken ct) =>
            ChangeAsync(() => tickets.AcknowledgeAsync(id, Actor(http), ct)));
        group.MapPost("/{id:long}/resolve", (long id, TicketActionRequest? body, HttpContext http, TicketService tickets, CancellationToken ct) =>
            string.IsNullOrWhiteSpace(body?.Note)
                ? Task.FromResult<Results<Ok<TicketDto>, ProblemHttpResult>>(Invalid("note", "note is required to resolve a ticket: say what was done."))
                : ChangeAsync(() => tickets.ResolveAsync(id, Actor(http), body.Note, ct)));
        group.MapPost("/{id:long}/comment", (long id, TicketActionRequest? body, HttpContext http, TicketService tickets, CancellationToken ct) =>
            string.IsNullOrWhiteSpace(body?.Text)
                ? Task.FromResult<Results<Ok<TicketDto>, ProblemHttpResult>>(Invalid("text", "text is required."))
                : ChangeAsync(() => tickets.CommentAsync(id, Actor(http), body.Text, ct)));
        group.MapPost("/{id:long}/close", (long id, TicketActionRequest? body, HttpContext http, TicketService tickets, CancellationToken ct) =>
            ChangeAsync(() => tickets.CloseAsync(id, Actor(http), body?.Note, ct)));
        return group;
    }

    private static async Task<Results<Ok<TicketPageDto>, ProblemHttpResult>> ListAsync(
        string? status, string? service, string? @operator, string? severity, string? district, string? unrouted, string? bbox,
        string? from, string? to, int? page, int? pageSize, TicketStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        TicketStatus? statusFilter = null;
        if (status is not null)
        {
            if (!TicketStore.TryParseStatus(status, out var s))
            {
                return Invalid("status", $"status '{status}' is not one of open|acknowledged|resolved|closed.");
            }

            statusFilter = s;
        }

        ServiceKind? serviceFilter = null;
        if (service is not null)
        {
            if (!ServiceKinds.TryParse(service, out var k))
            {
                return Invalid("service", $"service '{service}' is not one of streetlight|cabinet|wastebin|bus.");
            }

            serviceFilter = k;
        }

        if (severity is not null && !SlaSeverities.All.Contains(severity))
        {
            return Invalid("severity", $"severity '{severity}' is not one of low|medium|high|critical.");
        }

        bool? unroutedFilter = unrouted switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => null,
        };
        if (unrouted is not null && unroutedFilter is null)
        {
            return Invalid("unrouted", "unrouted must be true or false.");
        }

        (double, double, double, double)? box = null;
        if (bbox is not null)
        {
            var parts = bbox.Split(',').Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
            if (parts.Length != 4 || parts.Any(double.IsNaN) || parts[0] > parts[2] || parts[1] > parts[3])
            {
                return Invalid("bbox", "bbox must be minLon,minLat,maxLon,maxLat.");
            }

            box = (parts[0], parts[1], parts[2], parts[3]);
        }

        long? fromMs = null, toMs = null;
        if (from is not null)
        {
            if (!TimeParameters.TryParseInstant(from, time.GetUtcNow(), out var f))
            {
                return Invalid("from", "from must be an ISO 8601 time or Unix milliseconds.");
            }

            fromMs = f;
        }

        if (to is not null)
        {
            if (!TimeParameters.TryParseInstant(to, time.GetUtcNow(), out var t))
            {
                return Invalid("to", "to must be an ISO 8601 time or Unix milliseconds.");
            }

            toMs = t;
        }

        if (page is < 1)
        {
            return Invalid("page", "page starts at 1.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            return Invalid("pageSize", $"pageSize must be between 1 and {MaxPageSize}.");
        }

        var query = new TicketQuery(statusFilter, serviceFilter, @operator, severity, district, box, fromMs, toMs, unroutedFilter, page ?? 1, pageSize ?? 50);
        var (items, total) = await store.QueryAsync(query, cancellationToken);
        return TypedResults.Ok(new TicketPageDto([.. items.Select(TicketDto.From)], total, query.Page, query.PageSize));
    }

    private static async Task<Results<Ok<TicketDetailDto>, ProblemHttpResult>> GetAsync(long id, TicketStore store, CancellationToken cancellationToken)
    {
        var ticket = await store.FindAsync(id, cancellationToken);
        if (ticket is null)
        {
            return NotFound(id);
        }

        var audit = await store.AuditAsync(id, cancellationToken);
        var children = await store.ChildrenAsync(id, cancellationToken);
        return TypedResults.Ok(new TicketDetailDto(
            TicketDto.From(ticket),
            [.. audit.Select(a => new TimelineEntryDto(DateTimeOffset.FromUnixTimeMilliseconds(a.AtMs), a.Actor, a.Action, a.Detail))],
            [.. children.Select(TicketDto.From)]));
    }

    private static async Task<Results<Created<TicketDto>, ProblemHttpResult>> OpenAsync(
        ManualTicket? request, HttpContext http, TicketService tickets, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return Invalid("body", "The body must be a JSON object with service, severity, summary and deviceId or longitude/latitude.");
        }

        try
        {
            var ticket = await tickets.OpenManualAsync(request, Actor(http), cancellationToken);
            return TypedResults.Created($"/api/tickets/{ticket.Id}", TicketDto.From(ticket));
        }
        catch (TicketRequestException ex)
        {
            return Invalid(ex.Field, ex.Message);
        }
    }

    private static async Task<Results<Ok<TicketDto>, ProblemHttpResult>> ChangeAsync(Func<Task<Ticket>> change)
    {
        try
        {
            return TypedResults.Ok(TicketDto.From(await change()));
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

    /// <summary>Who acts: the <c>X-Iot-User</c> header until sign-in exists, else <c>api</c>.</summary>
    private static string Actor(HttpContext http) =>
        http.Request.Headers["X-Iot-User"].FirstOrDefault() is { Length: > 0 and <= 100 } user ? user : "api";

    private static ProblemHttpResult NotFound(long id) =>
        TypedResults.Problem($"No ticket {id}.", statusCode: StatusCodes.Status404NotFound, title: "Unknown ticket");

    private static ProblemHttpResult Invalid(string field, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
            extensions: new Dictionary<string, object?> { ["field"] = field });
}
