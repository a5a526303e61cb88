using System.Text.Json;
using Iot.Access;
using Iot.Contracts;
using Iot.Dashboard.Assets;
using Iot.Hub.Commands;
using Iot.Hub.Devices;

namespace Iot.Hub.Dashboard;

/// <summary>
/// Switch and dim from the side panel, through the same <see cref="CommandService"/> as <c>POST /api/devices/{id}/commands</c>
/// (same validation, QoS 1 on the device's cmd topic), sent as the viewer. The state is read back from the service's memory.
/// </summary>
internal sealed partial class HubDeviceCommands(
    DeviceRegistry registry, CommandService commands, HubAccess access, ILogger<HubDeviceCommands> logger) : IDeviceCommands
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(CommandsEndpoints.DefaultTtlSeconds);

    public bool Accepts(string assetId) =>
        registry.FindDevice(assetId)?.Service is ServiceKind.Streetlight or ServiceKind.Cabinet;

    public async Task<CommandSendResult> SendAsync(Viewer viewer, string assetId, DeviceCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(command);
        var device = registry.FindDevice(assetId);
        if (device is null || !access.MaySeeAsset(viewer, assetId))
        {
            return new CommandSendResult(null, CommandRefusal.UnknownDevice);
        }

        if (!HubAccess.MayCommand(viewer))
        {
            return new CommandSendResult(null, CommandRefusal.NotAllowed);
        }

        var args = command.Action switch
        {
            "switch" when command.On is { } on => JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["state"] = on ? "on" : "off" }),
            "dim" when command.Level is { } level => JsonSerializer.SerializeToElement(new Dictionary<string, double> { ["level"] = level }),
            _ => (JsonElement?)null,
        };
        if (args is null || CommandsEndpoints.Validate(device.Service, new CommandRequest(command.Action, args, null)) is not null)
        {
            return new CommandSendResult(null, CommandRefusal.Invalid);
        }

        try
        {
            var record = await commands.SendAsync(device, command.Action, args, Ttl, viewer.Name, cancellationToken);
            return new CommandSendResult(ToStatus(record, command));
        }
        catch (Exception ex) when (ex is InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            BrokerRefused(logger, assetId, ex);
            return new CommandSendResult(null, CommandRefusal.BrokerUnavailable);
        }
    }

    public CommandStatus? Find(Viewer viewer, string commandId)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var record = commands.Find(commandId);
        return record is null || !access.MaySeeAsset(viewer, record.DeviceId) ? null : ToStatus(record, ToCommand(record));
    }

    private static DeviceCommand ToCommand(CommandRecord record) => record.Action switch
    {
        "switch" => DeviceCommand.Switch(record.Args is { } a && a.TryGetProperty("state", out var s) && s.GetString() == "on"),
        "dim" => DeviceCommand.Dim(record.Args is { } d && d.TryGetProperty("level", out var l) ? l.GetDouble() : 0),
        _ => new DeviceCommand(record.Action),
    };

    private static CommandStatus ToStatus(CommandRecord record, DeviceCommand command) => new(
        record.Id, record.DeviceId, command, record.Actor, DateTimeOffset.FromUnixTimeMilliseconds(record.SentAt),
        record.State switch
        {
            CommandState.Succeeded => CommandProgress.Succeeded,
            CommandState.Failed => CommandProgress.Refused,
            CommandState.Expired => CommandProgress.Expired,
            _ => CommandProgress.Sent,
        },
        record.AnsweredAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
        record.Error);

    [LoggerMessage(1960, LogLevel.Warning, "Dashboard: a command to {DeviceId} could not be handed to the broker")]
    private static partial void BrokerRefused(ILogger logger, string deviceId, Exception exception);
}
