using System.Text.Json;
using Iot.Access;
using Iot.Contracts;
using Iot.Hub.Devices;
using Iot.Hub.Internal;
using Iot.Hub.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Iot.Hub.Commands;

/// <summary>The body of <c>POST /api/devices/{id}/commands</c>.</summary>
public sealed record CommandRequest(string? Action, JsonElement? Args, int? TtlSeconds);

/// <summary>A command as the API shows it; <c>state</c> is pending, succeeded, failed or expired.</summary>
public sealed record CommandDto(
    string Id, string DeviceId, string Action, JsonElement? Args, string Actor,
    DateTimeOffset SentAt, DateTimeOffset ExpiresAt, string State, DateTimeOffset? AnsweredAt, string? Error)
{
    public static CommandDto From(CommandRecord r) => new(
        r.Id, r.DeviceId, r.Action, r.Args, r.Actor,
        DateTimeOffset.FromUnixTimeMilliseconds(r.SentAt), DateTimeOffset.FromUnixTimeMilliseconds(r.ExpiresAt),
        r.State.ToString().ToLowerInvariant(),
        r.AnsweredAt is { } a ? DateTimeOffset.FromUnixTimeMilliseconds(a) : null, r.Error);
}

internal static class CommandsEndpoints
{
    public const int DefaultTtlSeconds = 60;
    public const int MaxTtlSeconds = 3600;

    public static IEndpointRouteBuilder MapCommands(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/devices/{id}/commands").WithTags("Commands");
        group.MapPost("/", SendAsync).WithName("SendCommand")
            .WithDescription("Sends a command to a device: ping (any device); switch {\"state\":\"on\"|\"off\"} and dim {\"level\":0..1} (streetlights and cabinets). ttlSeconds: 1..3600, default 60. Answers 202 with the command; follow it with GET.");
        group.MapGet("/", List).WithName("ListCommands");
        group.MapGet("/{commandId}", Get).WithName("GetCommand");
        return group;
    }

    private static async Task<Results<Accepted<CommandDto>, ProblemHttpResult>> SendAsync(
        string id, CommandRequest? request, HttpContext http, DeviceRegistry registry, HubAccess access, CommandService commands, CancellationToken cancellationToken)
    {
        var viewer = http.Viewer();
        if (!HubAccess.MayCommand(viewer))
        {
            return Problem(StatusCodes.Status403Forbidden, "Not allowed", $"Role {viewer.Role} may not send commands (admin, technician and operator users may).");
        }

        var device = registry.FindDevice(id);
        if (device is null || !access.MaySeeAsset(viewer, id))
        {
            return Problems.NotFound("device", $"No device '{id}' in the registry.");
        }

        if (request is null)
        {
            return Invalid("The body must be a JSON object such as {\"action\":\"switch\",\"args\":{\"state\":\"on\"}}.");
        }

        if (Validate(device.Service, request) is { } error)
        {
            return Invalid(error);
        }

        try
        {
            // The actor is the signed-in user, kept with the command.
            var record = await commands.SendAsync(device, request.Action!, request.Args, TimeSpan.FromSeconds(request.TtlSeconds ?? DefaultTtlSeconds), viewer.Name, cancellationToken);
            return TypedResults.Accepted($"/api/devices/{Uri.EscapeDataString(id)}/commands/{record.Id}", CommandDto.From(record));
        }
        catch (Exception ex) when (ex is InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "Broker unavailable", $"The command could not be handed to the broker: {ex.Message}");
        }
    }

    private static Results<Ok<IReadOnlyList<CommandDto>>, ProblemHttpResult> List(string id, HttpContext http, HubAccess access, CommandService commands) =>
        http.Viewer() is { SeesAll: false } viewer && !access.MaySeeAsset(viewer, id)
            ? Problems.NotFound("device", $"No device '{id}' in the registry.")
            : TypedResults.Ok<IReadOnlyList<CommandDto>>([.. commands.ForDevice(id).Select(CommandDto.From)]);

    private static Results<Ok<CommandDto>, ProblemHttpResult> Get(string id, string commandId, HttpContext http, HubAccess access, CommandService commands) =>
        access.MaySeeAsset(http.Viewer(), id) && commands.Find(commandId) is { } record && record.DeviceId == id
            ? TypedResults.Ok(CommandDto.From(record))
            : Problems.NotFound("command", $"No command '{commandId}' for device '{id}' (the hub keeps the last {CommandService.Capacity}).");

    /// <summary>Checks the action and its arguments for the device's service; returns the problem or null.</summary>
    internal static string? Validate(ServiceKind service, CommandRequest request)
    {
        if (request.TtlSeconds is < 1 or > MaxTtlSeconds)
        {
            return $"ttlSeconds must be between 1 and {MaxTtlSeconds}.";
        }

        var lighting = service is ServiceKind.Streetlight or ServiceKind.Cabinet;
        switch (request.Action)
        {
            case null or "":
                return "action is required: ping, switch or dim.";
            case "ping":
                return null;
            case "switch" or "dim" when !lighting:
                return $"{request.Action} applies to streetlights and cabinets, not to a {service.ToWire()}.";
            case "switch":
                return request.Args is { ValueKind: JsonValueKind.Object } a && a.TryGetProperty("state", out var state)
                    && state.ValueKind == JsonValueKind.String && state.GetString() is "on" or "off"
                    ? null
                    : "switch needs args {\"state\":\"on\"} or {\"state\":\"off\"}.";
            case "dim":
                return request.Args is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty("level", out var level)
                    && level.ValueKind == JsonValueKind.Number && level.GetDouble() is >= 0 and <= 1
                    ? null
                    : "dim needs args {\"level\":x} with x between 0 and 1.";
            default:
                return $"action '{request.Action}' is not one of ping, switch, dim.";
        }
    }

    // Titled "Invalid command", not Problems.Invalid's "Invalid request": the checks name no single field, and clients see this title.
    private static ProblemHttpResult Invalid(string detail) => Problem(StatusCodes.Status400BadRequest, "Invalid command", detail);

    private static ProblemHttpResult Problem(int status, string title, string detail) => TypedResults.Problem(detail, statusCode: status, title: title);
}
