using System.Buffers;
using System.Text.Json;
using static Iot.Contracts.Tests.TestPayloads;

namespace Iot.Contracts.Tests;

public sealed class RoundTripTests
{
    [Fact]
    public void Telemetry_SerializedBySourceGenContext_DecodesToSameValuesWithCamelCaseNames()
    {
        var payload = new TelemetryPayload(Now, 1042, new Dictionary<string, MetricValue>
        {
            ["powerState"] = "on",
            ["illuminanceLevel"] = 0.8,
            ["powerConsumption"] = 41.7,
        });
        var json = JsonSerializer.SerializeToUtf8Bytes(payload, WireJsonContext.Default.TelemetryPayload);

        Assert.Equal("""{"ts":1763931845120,"seq":1042,"metrics":{"powerState":"on","illuminanceLevel":0.8,"powerConsumption":41.7}}""", System.Text.Encoding.UTF8.GetString(json));
        var (ok, decoded, _) = Decode(json);
        Assert.True(ok);
        Assert.Equal(payload.Metrics.Select(m => new MetricReading(m.Key, m.Value)), decoded!.Metrics);
        Assert.Equal(payload, JsonSerializer.Deserialize(json, WireJsonContext.Default.TelemetryPayload)! with { Metrics = payload.Metrics });
    }

    [Fact]
    public void WriteTelemetry_DecodesBack()
    {
        var buffer = new ArrayBufferWriter<byte>();
        MetricReading[] metrics = [new("fillingLevel", 0.42), new("status", "lidOpen"), new("custom", true)];
        PayloadDecoder.WriteTelemetry(buffer, Now, 9, metrics);

        var (ok, decoded, _) = Decode(buffer.WrittenSpan.ToArray(), ServiceKind.Wastebin);
        Assert.True(ok);
        Assert.Equal(metrics, decoded!.Metrics);
        Assert.Equal(9, decoded.Seq);
    }

    [Fact]
    public void Status_RoundTrips()
    {
        var status = new StatusPayload(Now, StatusPayload.Online, 17, "CAB-012", "1.4.0");
        var json = JsonSerializer.SerializeToUtf8Bytes(status, WireJsonContext.Default.StatusPayload);

        Assert.Equal("""{"ts":1763931845120,"state":"online","session":17,"agent":"CAB-012","fw":"1.4.0"}""", System.Text.Encoding.UTF8.GetString(json));
        Assert.True(PayloadDecoder.TryDecodeStatus(json, Now, ValidationOptions.Default, out var decoded, out _));
        Assert.Equal(status, decoded);
    }

    [Fact]
    public void EventCommandAndAck_RoundTrip()
    {
        using var data = JsonDocument.Parse("""{"lamp":3}""");
        var e = new EventPayload(Now, 7, "lampFailure", "high", "dark", data.RootElement.Clone());
        Assert.True(PayloadDecoder.TryDecodeEvent(JsonSerializer.SerializeToUtf8Bytes(e, WireJsonContext.Default.EventPayload), Now, ValidationOptions.Default, out var e2, out _));
        Assert.Equal((e.Ts, e.Seq, e.Type, e.Severity, e.Message), (e2!.Ts, e2.Seq, e2.Type, e2.Severity, e2.Message));
        Assert.Equal(3, e2.Data!.Value.GetProperty("lamp").GetInt32());

        using var args = JsonDocument.Parse("""{"level":0.5}""");
        var cmd = new CommandPayload("6f1c", Now, "dim", args.RootElement.Clone(), Now + 60_000);
        var cmdJson = JsonSerializer.SerializeToUtf8Bytes(cmd, WireJsonContext.Default.CommandPayload);
        Assert.Contains("\"expiresTs\":", System.Text.Encoding.UTF8.GetString(cmdJson), StringComparison.Ordinal);
        Assert.True(PayloadDecoder.TryDecodeCommand(cmdJson, Now, ValidationOptions.Default, out var cmd2, out _));
        Assert.Equal((cmd.Id, cmd.Action, cmd.ExpiresTs), (cmd2!.Id, cmd2.Action, cmd2.ExpiresTs));

        var ack = new CommandAckPayload("6f1c", Now, false, "expired");
        Assert.True(PayloadDecoder.TryDecodeCommandAck(JsonSerializer.SerializeToUtf8Bytes(ack, WireJsonContext.Default.CommandAckPayload), Now, ValidationOptions.Default, out var ack2, out _));
        Assert.Equal(ack, ack2);
    }
}
