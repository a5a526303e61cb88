using System.Text.Json;
using Iot.Contracts;
using Iot.Simulation.Internal;

namespace Iot.Simulation;

// Commands from the hub: switch and dim act on a lamp or on every lamp of a cabinet until the next sun change; ping
// answers. Every command gets a cmd-ack; an expired or unsupported one is refused with a reason.
public sealed partial class FleetEngine
{
    private void HandleCommand(string topic, byte[] payload)
    {
        if (!Topics.TryParse(topic, out var address, out _) || address.Kind != MessageKind.Cmd
            || !_devicesById.TryGetValue(address.DeviceId, out var device) || !device.Agent.Connected)
        {
            return;
        }

        Stats.CountCommand();
        if (!PayloadDecoder.TryDecodeCommand(payload, WireNow, CommandValidation, out var command, out var error))
        {
            if (TryReadId(payload) is { } id)
            {
                Ack(device, id, $"bad command: {error}");
            }

            return;
        }

        if (command!.ExpiresTs is { } expires && expires < WireNow)
        {
            Ack(device, command.Id, "expired");
            return;
        }

        Ack(device, command.Id, Execute(device, command.Action, command.Args));
    }

    private string? Execute(DeviceSim device, string action, JsonElement? args)
    {
        if (action == "ping")
        {
            return null;
        }

        if (action is not ("switch" or "dim"))
        {
            return $"unknown action '{action}'";
        }

        var (lamps, cabinet) = device switch
        {
            LampSim lamp => (new List<LampSim> { lamp }, lamp.Cabinet),
            CabinetSim c => (c.Lamps, c),
            _ => (null, null),
        };
        if (lamps is null)
        {
            return $"{action} is not supported by a {device.Asset.Service.ToWire()}";
        }

        if (cabinet is { SupplyLost: > 0 })
        {
            return "the cabinet has no mains supply";
        }

        bool? on = null;
        double? level = null;
        if (action == "switch")
        {
            on = ReadSwitch(args);
            if (on is null)
            {
                return "switch needs args {\"state\":\"on\"} or {\"state\":\"off\"}";
            }
        }
        else
        {
            level = ReadLevel(args);
            if (level is null)
            {
                return "dim needs args {\"level\":x} with x between 0 and 1";
            }
        }

        foreach (var lamp in lamps)
        {
            Account(lamp);
            if (on is { } o)
            {
                lamp.Manual = o;
            }

            if (level is { } l)
            {
                lamp.Level = l;
            }

            PublishLamp(lamp);
        }

        if (cabinet is not null)
        {
            cabinet.Manual = device is CabinetSim || cabinet.Manual;
            PublishCabinet(cabinet);
        }

        return null;
    }

    private void Ack(DeviceSim device, string id, string? error)
    {
        if (!device.Agent.Connected)
        {
            return;
        }

        _sink.Publish(device.Agent.Id, new FleetMessage(device.AckTopic, _payloads.CommandAck(id, WireNow, error is null, error), Retain: false));
    }

    private static bool? ReadSwitch(JsonElement? args)
    {
        if (args is not { ValueKind: JsonValueKind.Object } a)
        {
            return null;
        }

        // The hub's form (Commands/CommandsEndpoints) and the edge agent's lamp-controller's: {"state":"on"|"off"}.
        return a.TryGetProperty("state", out var state) && state.ValueKind == JsonValueKind.String
            ? state.GetString() switch { "on" => true, "off" => false, _ => null }
            : null;
    }

    private static double? ReadLevel(JsonElement? args)
    {
        if (args is not { ValueKind: JsonValueKind.Object } a)
        {
            return null;
        }

        // {"level":0..1}, as the hub sends it.
        return a.TryGetProperty("level", out var level) && level.ValueKind == JsonValueKind.Number && level.GetDouble() is var l && l is >= 0 and <= 1
            ? l
            : null;
    }

    private static string? TryReadId(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var id)
                && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
