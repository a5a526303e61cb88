using System.Buffers;
using Iot.Contracts;

namespace Iot.Testing;

/// <summary>Builds wire payloads for tests.</summary>
public static class Payloads
{
    public static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static byte[] Telemetry(long seq, params MetricReading[] metrics) => Telemetry(NowMs, seq, metrics);

    public static byte[] Telemetry(long ts, long seq, params MetricReading[] metrics)
    {
        var buffer = new ArrayBufferWriter<byte>();
        PayloadDecoder.WriteTelemetry(buffer, ts, seq, metrics);
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Status(string state, long session, string agent) =>
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new StatusPayload(NowMs, state, session, agent, "1.0.0"), WireJsonContext.Default.StatusPayload);
}
