using System.Buffers;
using System.Text.Json;
using Iot.Contracts;
using Iot.Edge.Drivers;
using Iot.Edge.Internal;
using Iot.Edge.Queue;
using Microsoft.Extensions.Logging;

namespace Iot.Edge.Agent;

/// <summary>
/// Where drivers report: stamps each reading with the device's next <c>seq</c>, builds the wire payload with the
/// contracts' writer, checks it with the hub's own decoder (a payload the hub would refuse is logged and not sent) and
/// appends it to the disk queue, from which the connection's lanes publish it. Every reading goes through the queue,
/// online or not, so a crash loses nothing the broker has not acknowledged.
/// </summary>
public sealed class QueueingSink(
    DiskQueue queue,
    SequenceStore sequences,
    string commune,
    IReadOnlyDictionary<string, ServiceKind> devices,
    TimeProvider time,
    bool fsyncEachRecord,
    ILogger logger) : IReadingSink
{
    public void Telemetry(string deviceId, long tsMs, IReadOnlyList<MetricReading> metrics)
    {
        if (!devices.TryGetValue(deviceId, out var service))
        {
            Log.UnknownDevice(logger, deviceId);
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        PayloadDecoder.WriteTelemetry(buffer, tsMs, sequences.NextSeq(deviceId), metrics);
        if (!PayloadDecoder.TryDecodeTelemetry(buffer.WrittenSpan, service, time.GetUtcNow().ToUnixTimeMilliseconds(), ValidationOptions.Default, out _, out var error))
        {
            Log.InvalidReading(logger, deviceId, "telemetry", error.Reason.ToWire(), error.Detail);
            return;
        }

        Enqueue(Topics.Format(commune, service, deviceId, MessageKind.Telemetry), buffer.WrittenSpan);
    }

    public void Event(string deviceId, long tsMs, string type, string severity, string message) =>
        Event(deviceId, tsMs, type, severity, message, data: null);

    /// <summary>An event with a <c>data</c> object (the agent's own <c>bufferOverflow</c>).</summary>
    public void Event(string deviceId, long tsMs, string type, string severity, string message, JsonElement? data)
    {
        if (!devices.TryGetValue(deviceId, out var service))
        {
            Log.UnknownDevice(logger, deviceId);
            return;
        }

        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new EventPayload(tsMs, sequences.NextSeq(deviceId), type, severity, message, data), WireJsonContext.Default.EventPayload);
        if (!PayloadDecoder.TryDecodeEvent(payload, time.GetUtcNow().ToUnixTimeMilliseconds(), ValidationOptions.Default, out _, out var error))
        {
            Log.InvalidReading(logger, deviceId, "event", error.Reason.ToWire(), error.Detail);
            return;
        }

        Enqueue(Topics.Format(commune, service, deviceId, MessageKind.Event), payload);
    }

    private void Enqueue(string topic, ReadOnlySpan<byte> payload)
    {
        try
        {
            queue.Append(topic, payload);
            if (fsyncEachRecord)
            {
                queue.Flush();
            }
        }
        catch (IOException ex)
        {
            // A full or failing disk must not kill the driver's read loop; the reading is lost, loudly.
            Log.QueueWriteFailed(logger, topic, ex);
        }
    }
}
