using System.Text.Json;
using static Iot.Contracts.Tests.TestPayloads;

namespace Iot.Contracts.Tests;

/// <summary>What the source-generated context writes is what the decoders read, with the property names of DESIGN.md.</summary>
public sealed class WireJsonContextTests
{
    private const string CmdId = "6f1c2a9e-5b7d-4c1e-9a3f-2d8e7b6c5a41";

    [Fact]
    public void Telemetry_Serialized_IsTheDesignExampleAndDecodesToTheSameValues()
    {
        var payload = new TelemetryPayload(Now, 1042, new Dictionary<string, MetricValue>
        {
            ["powerState"] = "on",
            ["illuminanceLevel"] = 0.8,
            ["powerConsumption"] = 41.7,
        });

        var json = JsonSerializer.SerializeToUtf8Bytes(payload, WireJsonContext.Default.TelemetryPayload);

        Assert.Equal("""{"ts":1763931845120,"seq":1042,"metrics":{"powerState":"on","illuminanceLevel":0.8,"powerConsumption":41.7}}""", Text(json));
        var (ok, decoded, error) = Decode(json);
        Assert.True(ok, error.ToString());
        Assert.Equal((payload.Ts, payload.Seq), (decoded!.Ts, decoded.Seq));
        Assert.Equal(payload.Metrics.Select(m => new MetricReading(m.Key, m.Value)), decoded.Metrics);
    }

    [Fact]
    public void Telemetry_BoolTextAndUnknownMetrics_RoundTripThroughTheDecoder()
    {
        var payload = new TelemetryPayload(Now - Minute, 0, new Dictionary<string, MetricValue>
        {
            ["doorOpen"] = true,
            ["workingMode"] = "automatic",
            ["energyConsumed"] = 123_456.789,
            ["vendorNote"] = "porte forcée",
        });

        var json = JsonSerializer.SerializeToUtf8Bytes(payload, WireJsonContext.Default.TelemetryPayload);

        var (ok, decoded, error) = Decode(json, ServiceKind.Cabinet);
        Assert.True(ok, error.ToString());
        Assert.Equal(payload.Metrics.Select(m => new MetricReading(m.Key, m.Value)), decoded!.Metrics);
        Assert.Equal(["vendorNote"], decoded.UnknownMetrics);
    }

    [Fact]
    public void Telemetry_DesignExample_DeserializesThroughTheContext()
    {
        var payload = JsonSerializer.Deserialize(
            """{"ts":1763931845120,"seq":1042,"metrics":{"powerState":"on","doorOpen":false,"powerConsumption":41.7}}""",
            WireJsonContext.Default.TelemetryPayload);

        Assert.NotNull(payload);
        Assert.Equal((Now, 1042L), (payload.Ts, payload.Seq));
        Assert.Equal(MetricValue.FromText("on"), payload.Metrics["powerState"]);
        Assert.Equal(MetricValue.FromBool(false), payload.Metrics["doorOpen"]);
        Assert.Equal(MetricValue.FromNumber(41.7), payload.Metrics["powerConsumption"]);
    }

    [Fact]
    public void Telemetry_MetricThatIsAnObject_FailsToDeserialize() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(
            """{"ts":1,"seq":1,"metrics":{"voltage":{"v":230}}}""", WireJsonContext.Default.TelemetryPayload));

    [Fact]
    public void Event_WithData_RoundTripsWithCamelCaseNames()
    {
        using var data = JsonDocument.Parse("""{"lamp":3,"codes":["E1","E7"],"at":{"pole":"P-7"}}""");
        var e = new EventPayload(Now, 7, "lampFailure", "high", "lamp 3 dark", data.RootElement.Clone());

        var json = JsonSerializer.SerializeToUtf8Bytes(e, WireJsonContext.Default.EventPayload);

        Assert.Equal(
            """{"ts":1763931845120,"seq":7,"type":"lampFailure","severity":"high","message":"lamp 3 dark","data":{"lamp":3,"codes":["E1","E7"],"at":{"pole":"P-7"}}}""",
            Text(json));
        Assert.True(PayloadDecoder.TryDecodeEvent(json, Now, ValidationOptions.Default, out var decoded, out var error), error.ToString());
        Assert.Equal((e.Ts, e.Seq, e.Type, e.Severity, e.Message), (decoded!.Ts, decoded.Seq, decoded.Type, decoded.Severity, decoded.Message));
        Assert.Equal(e.Data!.Value.GetRawText(), decoded.Data!.Value.GetRawText());
    }

    [Fact]
    public void Event_WithoutOptionalFields_OmitsThemAndRoundTrips()
    {
        var e = new EventPayload(Now, 8, "doorOpened");

        var json = JsonSerializer.SerializeToUtf8Bytes(e, WireJsonContext.Default.EventPayload);

        Assert.Equal("""{"ts":1763931845120,"seq":8,"type":"doorOpened"}""", Text(json));
        Assert.True(PayloadDecoder.TryDecodeEvent(json, Now, ValidationOptions.Default, out var decoded, out _));
        Assert.Equal(e, decoded);
    }

    [Theory]
    [InlineData(StatusPayload.Online, "1.4.0", """{"ts":1763931845120,"state":"online","session":17,"agent":"CAB-012","fw":"1.4.0"}""")]
    [InlineData(StatusPayload.Offline, null, """{"ts":1763931845120,"state":"offline","session":17,"agent":"CAB-012"}""")]
    public void Status_RoundTripsWithoutIsOnline(string state, string? fw, string expected)
    {
        var status = new StatusPayload(Now, state, 17, "CAB-012", fw);

        var json = JsonSerializer.SerializeToUtf8Bytes(status, WireJsonContext.Default.StatusPayload);

        Assert.Equal(expected, Text(json));
        Assert.True(PayloadDecoder.TryDecodeStatus(json, Now, ValidationOptions.Default, out var decoded, out var error), error.ToString());
        Assert.Equal(status, decoded);
        Assert.Equal(state == StatusPayload.Online, decoded!.IsOnline);
    }

    [Fact]
    public void Command_WithArgsAndExpiresTs_RoundTripsWithCamelCaseNames()
    {
        using var args = JsonDocument.Parse("""{"level":0.5,"lamps":[1,2]}""");
        var cmd = new CommandPayload(CmdId, Now, "dim", args.RootElement.Clone(), Now + Minute);

        var json = JsonSerializer.SerializeToUtf8Bytes(cmd, WireJsonContext.Default.CommandPayload);

        Assert.Equal(
            $$"""{"id":"{{CmdId}}","ts":1763931845120,"action":"dim","args":{"level":0.5,"lamps":[1,2]},"expiresTs":1763931905120}""",
            Text(json));
        Assert.True(PayloadDecoder.TryDecodeCommand(json, Now, ValidationOptions.Default, out var decoded, out var error), error.ToString());
        Assert.Equal((cmd.Id, cmd.Ts, cmd.Action, cmd.ExpiresTs), (decoded!.Id, decoded.Ts, decoded.Action, decoded.ExpiresTs));
        Assert.Equal(cmd.Args!.Value.GetRawText(), decoded.Args!.Value.GetRawText());
    }

    [Fact]
    public void Command_WithoutArgsOrExpiry_OmitsThemAndRoundTrips()
    {
        var cmd = new CommandPayload(CmdId, Now, "ping");

        var json = JsonSerializer.SerializeToUtf8Bytes(cmd, WireJsonContext.Default.CommandPayload);

        Assert.Equal($$"""{"id":"{{CmdId}}","ts":1763931845120,"action":"ping"}""", Text(json));
        Assert.True(PayloadDecoder.TryDecodeCommand(json, Now, ValidationOptions.Default, out var decoded, out _));
        Assert.Equal(cmd, decoded);
    }

    [Theory]
    [InlineData(true, null, """{"id":"6f1c2a9e-5b7d-4c1e-9a3f-2d8e7b6c5a41","ts":1763931845120,"ok":true}""")]
    [InlineData(false, "expired", """{"id":"6f1c2a9e-5b7d-4c1e-9a3f-2d8e7b6c5a41","ts":1763931845120,"ok":false,"error":"expired"}""")]
    public void CommandAck_RoundTripsWithCamelCaseNames(bool ok, string? error, string expected)
    {
        var ack = new CommandAckPayload(CmdId, Now, ok, error);

        var json = JsonSerializer.SerializeToUtf8Bytes(ack, WireJsonContext.Default.CommandAckPayload);

        Assert.Equal(expected, Text(json));
        Assert.True(PayloadDecoder.TryDecodeCommandAck(json, Now, ValidationOptions.Default, out var decoded, out var decodeError), decodeError.ToString());
        Assert.Equal(ack, decoded);
    }

    [Fact]
    public void MetricValue_SerializesAsABareScalar()
    {
        var payload = new TelemetryPayload(1, 2, new Dictionary<string, MetricValue> { ["n"] = -0.25, ["b"] = true, ["t"] = "x" });

        var json = JsonSerializer.Serialize(payload, WireJsonContext.Default.TelemetryPayload);

        Assert.Equal("""{"ts":1,"seq":2,"metrics":{"n":-0.25,"b":true,"t":"x"}}""", json);
    }
}
