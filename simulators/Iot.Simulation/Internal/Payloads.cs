using System.Buffers;
using System.Text.Json;
using Iot.Contracts;

namespace Iot.Simulation.Internal;

/// <summary>Writes the wire payloads of contract v1 (compact JSON, invariant numbers, so equal inputs give equal bytes).</summary>
internal sealed class Payloads
{
    private readonly ArrayBufferWriter<byte> _buffer = new(512);

    public byte[] Telemetry(long ts, long seq, IEnumerable<MetricReading> metrics)
    {
        _buffer.ResetWrittenCount();
        PayloadDecoder.WriteTelemetry(_buffer, ts, seq, metrics);
        return _buffer.WrittenSpan.ToArray();
    }

    public byte[] Status(long ts, bool online, long session, string agentId, string firmware)
    {
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("ts", ts);
            writer.WriteString("state", online ? StatusPayload.Online : StatusPayload.Offline);
            writer.WriteNumber("session", session);
            writer.WriteString("agent", agentId);
            writer.WriteString("fw", firmware);
            writer.WriteEndObject();
        }

        return _buffer.WrittenSpan.ToArray();
    }

    public byte[] Event(long ts, long seq, string type, string severity, string message, IEnumerable<MetricReading> data)
    {
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("ts", ts);
            writer.WriteNumber("seq", seq);
            writer.WriteString("type", type);
            writer.WriteString("severity", severity);
            writer.WriteString("message", message);
            writer.WriteStartObject("data");
            foreach (var item in data)
            {
                writer.WritePropertyName(item.Name);
                switch (item.Value.Kind)
                {
                    case MetricValueKind.Number: writer.WriteNumberValue(item.Value.Number); break;
                    case MetricValueKind.Bool: writer.WriteBooleanValue(item.Value.Bool); break;
                    default: writer.WriteStringValue(item.Value.Text); break;
                }
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return _buffer.WrittenSpan.ToArray();
    }

    public byte[] CommandAck(string id, long ts, bool ok, string? error)
    {
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteNumber("ts", ts);
            writer.WriteBoolean("ok", ok);
            if (error is null)
            {
                writer.WriteNull("error");
            }
            else
            {
                writer.WriteString("error", error);
            }

            writer.WriteEndObject();
        }

        return _buffer.WrittenSpan.ToArray();
    }
}
