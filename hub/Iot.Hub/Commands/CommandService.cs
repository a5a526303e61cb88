using System.Collections.Concurrent;
using System.Text.Json;
using Iot.Contracts;
using Iot.Hub.Devices;
using Iot.Hub.Ingest;
using MQTTnet;
using MQTTnet.Protocol;

namespace Iot.Hub.Commands;

/// <summary>
/// Sends commands to devices over MQTT (QoS 1, <c>iot/v1/{commune}/{service}/{deviceId}/cmd</c>) and follows them until the
/// device's <c>cmd-ack</c> arrives or they expire. Keeps the last <see cref="Capacity"/> commands in memory.
/// </summary>
public sealed class CommandService(IMqttPublisher publisher, TimeProvider time) : IIngestObserver
{
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, CommandRecord> _commands = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>Publishes a command; throws when the broker cannot take it.</summary>
    public async Task<CommandRecord> SendAsync(DeviceInfo device, string action, JsonElement? args, TimeSpan ttl, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var payload = new CommandPayload(Guid.NewGuid().ToString("D"), now, action, args, now + (long)ttl.TotalMilliseconds);
        var record = new CommandRecord(payload.Id, device.Id, action, args, actor, now, payload.ExpiresTs!.Value, CommandState.Pending, null, null);
        Remember(record);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Format(device.Commune, device.Service, device.Id, MessageKind.Cmd))
            .WithPayload(JsonSerializer.SerializeToUtf8Bytes(payload, WireJsonContext.Default.CommandPayload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithMessageExpiryInterval((uint)Math.Max(1, ttl.TotalSeconds))
            .Build();
        try
        {
            await publisher.PublishAsync(message, cancellationToken);
        }
        catch
        {
            _commands.TryRemove(record.Id, out _);
            throw;
        }

        return record;
    }

    /// <summary>The command's record, with <see cref="CommandState.Expired"/> once its deadline passed unanswered.</summary>
    public CommandRecord? Find(string id)
    {
        if (!_commands.TryGetValue(id, out var record))
        {
            return null;
        }

        return record.State == CommandState.Pending && time.GetUtcNow().ToUnixTimeMilliseconds() > record.ExpiresAt
            ? record with { State = CommandState.Expired }
            : record;
    }

    /// <summary>The device's commands, newest first.</summary>
    public IReadOnlyList<CommandRecord> ForDevice(string deviceId) =>
        [.. _commands.Values.Where(c => c.DeviceId == deviceId).OrderByDescending(c => c.SentAt).Select(c => Find(c.Id) ?? c)];

    void IIngestObserver.OnCommandAck(DeviceInfo device, CommandAckPayload ack, long receivedMs)
    {
        while (_commands.TryGetValue(ack.Id, out var record) && record.DeviceId == device.Id && record.State == CommandState.Pending)
        {
            var answered = record with
            {
                State = ack.Ok ? CommandState.Succeeded : CommandState.Failed,
                AnsweredAt = receivedMs,
                Error = ack.Ok ? null : ack.Error ?? "refused without a reason",
            };
            if (_commands.TryUpdate(ack.Id, answered, record))
            {
                return;
            }
        }
    }

    void IIngestObserver.OnTelemetry(DeviceInfo device, DecodedTelemetry telemetry, long receivedMs)
    {
    }

    void IIngestObserver.OnEvent(DeviceInfo device, EventPayload payload, long receivedMs)
    {
    }

    void IIngestObserver.OnAgentState(string agentId, bool online, bool clean, long receivedMs)
    {
    }

    private void Remember(CommandRecord record)
    {
        _commands[record.Id] = record;
        _order.Enqueue(record.Id);
        while (_order.Count > Capacity && _order.TryDequeue(out var oldest))
        {
            _commands.TryRemove(oldest, out _);
        }
    }
}
