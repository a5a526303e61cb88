using static Iot.Contracts.Tests.TestPayloads;

namespace Iot.Contracts.Tests;

public sealed class TelemetryDecodingTests
{
    [Fact]
    public void TryDecodeTelemetry_DesignExample_DecodesEveryMetric()
    {
        var (ok, value, error) = Decode(Utf8("""{"ts":1763931845120,"seq":1042,"metrics":{"powerState":"on","illuminanceLevel":0.8,"powerConsumption":41.7}}"""));

        Assert.True(ok, error.ToString());
        Assert.Equal(1763931845120, value!.Ts);
        Assert.Equal(1042, value.Seq);
        Assert.Equal(
            [new MetricReading("powerState", "on"), new MetricReading("illuminanceLevel", 0.8), new MetricReading("powerConsumption", 41.7)],
            value.Metrics);
        Assert.Empty(value.UnknownMetrics);
    }

    [Fact]
    public void TryDecodeTelemetry_UnknownAndForeignMetrics_KeptAndListed()
    {
        // lat is a bus metric: on a streetlight it is unknown, not refused.
        var (ok, value, _) = Decode(Telemetry("\"vendorTemp\":21.5,\"lat\":43.7,\"voltage\":230,\"note\":\"x\",\"flag\":true"));

        Assert.True(ok);
        Assert.Equal(["vendorTemp", "lat", "note", "flag"], value!.UnknownMetrics);
        Assert.Equal(5, value.Metrics.Count);
        Assert.Equal(MetricValue.FromBool(true), value.Metrics.Single(m => m.Name == "flag").Value);
    }

    [Fact]
    public void TryDecodeTelemetry_BoolMetric_DecodesAsBool()
    {
        var (ok, value, _) = Decode(Telemetry("\"doorOpen\":true"), ServiceKind.Cabinet);
        Assert.True(ok);
        Assert.True(value!.Metrics[0].Value.Bool);
        Assert.Equal(MetricValueKind.Bool, value.Metrics[0].Value.Kind);
    }

    [Theory]
    [InlineData("\"fillingLevel\":0")]
    [InlineData("\"fillingLevel\":1")]
    [InlineData("\"batteryLevel\":1.0")]
    [InlineData("\"temperature\":-12.5")]
    [InlineData("\"status\":\"burning\"")]
    public void TryDecodeTelemetry_WastebinBoundaries_Accepted(string metrics) =>
        Assert.True(Decode(Telemetry(metrics), ServiceKind.Wastebin).Ok);

    [Theory]
    [InlineData("\"lat\":90,\"lon\":180")]
    [InlineData("\"lat\":-90,\"lon\":-180,\"heading\":0")]
    [InlineData("\"serviceStatus\":\"onRoute\",\"routeId\":\"L1\"")]
    public void TryDecodeTelemetry_BusBoundaries_Accepted(string metrics) =>
        Assert.True(Decode(Telemetry(metrics), ServiceKind.Bus).Ok);

    [Theory]
    [InlineData(ServiceKind.Wastebin, "\"fillingLevel\":1.01", "fillingLevel")]
    [InlineData(ServiceKind.Wastebin, "\"fillingLevel\":-0.01", "fillingLevel")]
    [InlineData(ServiceKind.Wastebin, "\"status\":\"exploded\"", "status")]
    [InlineData(ServiceKind.Bus, "\"lat\":91", "lat")]
    [InlineData(ServiceKind.Bus, "\"lon\":-181", "lon")]
    [InlineData(ServiceKind.Bus, "\"heading\":361", "heading")]
    [InlineData(ServiceKind.Bus, "\"occupancy\":2", "occupancy")]
    [InlineData(ServiceKind.Streetlight, "\"powerState\":\"maybe\"", "powerState")]
    [InlineData(ServiceKind.Streetlight, "\"illuminanceLevel\":1.5", "illuminanceLevel")]
    [InlineData(ServiceKind.Streetlight, "\"powerConsumption\":-1", "powerConsumption")]
    [InlineData(ServiceKind.Cabinet, "\"workingMode\":\"turbo\"", "workingMode")]
    public void TryDecodeTelemetry_KnownMetricOutOfRange_RejectsNamingIt(ServiceKind service, string metrics, string metric)
    {
        var (ok, _, error) = Decode(Telemetry(metrics), service);
        Assert.False(ok);
        Assert.Equal(RejectReason.OutOfRange, error.Reason);
        Assert.Contains(metric, error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ServiceKind.Streetlight, "\"powerConsumption\":\"lots\"", "powerConsumption")]
    [InlineData(ServiceKind.Streetlight, "\"powerState\":1", "powerState")]
    [InlineData(ServiceKind.Cabinet, "\"doorOpen\":1", "doorOpen")]
    [InlineData(ServiceKind.Streetlight, "\"voltage\":null", "voltage")]
    [InlineData(ServiceKind.Streetlight, "\"voltage\":{\"v\":1}", "voltage")]
    [InlineData(ServiceKind.Streetlight, "\"custom\":[1,2]", "custom")]
    [InlineData(ServiceKind.Bus, "\"lat\":\"NaN\"", "lat")]
    public void TryDecodeTelemetry_WrongType_RejectsNamingTheMetric(ServiceKind service, string metrics, string metric)
    {
        var (ok, _, error) = Decode(Telemetry(metrics), service);
        Assert.False(ok);
        Assert.Equal(RejectReason.WrongType, error.Reason);
        Assert.Contains(metric, error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"ts\":\"1763931845120\",\"seq\":1,\"metrics\":{}}", "ts")]
    [InlineData("{\"ts\":1763931845120.5,\"seq\":1,\"metrics\":{}}", "ts")]
    [InlineData("{\"ts\":1763931845120,\"seq\":-1,\"metrics\":{}}", "seq")]
    [InlineData("{\"ts\":1763931845120,\"seq\":1,\"metrics\":[]}", "metrics")]
    public void TryDecodeTelemetry_EnvelopeFieldOfWrongType_RejectsWrongType(string json, string field)
    {
        var (ok, _, error) = Decode(Utf8(json));
        Assert.False(ok);
        Assert.Equal(RejectReason.WrongType, error.Reason);
        Assert.StartsWith(field, error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecodeTelemetry_HugeNumber_RejectsNotFinite()
    {
        var (ok, _, error) = Decode(Telemetry("\"voltage\":1e400"));
        Assert.False(ok);
        Assert.Equal(RejectReason.NotFinite, error.Reason);
        Assert.Contains("voltage", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"seq\":1,\"metrics\":{}}", RejectReason.MissingTs)]
    [InlineData("{\"ts\":1763931845120,\"metrics\":{}}", RejectReason.MissingSeq)]
    [InlineData("{\"ts\":1763931845120,\"seq\":1}", RejectReason.MissingField)]
    public void TryDecodeTelemetry_MissingField_RejectsWithItsReason(string json, RejectReason expected)
    {
        var (ok, _, error) = Decode(Utf8(json));
        Assert.False(ok);
        Assert.Equal(expected, error.Reason);
        Assert.NotEmpty(error.Detail);
    }

    [Fact]
    public void TryDecodeTelemetry_TsLimits_FiveMinutesAheadAndThirtyDaysBack()
    {
        Assert.True(Decode(Telemetry("", Now + 240_000)).Ok);
        Assert.Equal(RejectReason.TsInFuture, Decode(Telemetry("", Now + 301_000)).Error.Reason);
        Assert.True(Decode(Telemetry("", Now - (29L * 86_400_000))).Ok);
        Assert.Equal(RejectReason.TsTooOld, Decode(Telemetry("", Now - (31L * 86_400_000))).Error.Reason);
    }

    [Fact]
    public void TryDecodeTelemetry_CustomHorizon_Applied()
    {
        var options = new ValidationOptions { Horizon = TimeSpan.FromDays(1) };
        Assert.Equal(RejectReason.TsTooOld, Decode(Telemetry("", Now - (2L * 86_400_000)), options: options).Error.Reason);
        Assert.True(Decode(Telemetry("", Now - 3_600_000), options: options).Ok);
    }

    [Fact]
    public void TryDecodeTelemetry_SizeLimit_ExactlyAtLimitAccepted_OneMoreRejected()
    {
        var template = Telemetry("\"note\":\"\"");
        var filler = new string('x', ValidationOptions.DefaultMaxPayloadBytes - template.Length);
        var atLimit = Telemetry($"\"note\":\"{filler}\"");
        var overLimit = Telemetry($"\"note\":\"{filler}x\"");

        Assert.Equal(ValidationOptions.DefaultMaxPayloadBytes, atLimit.Length);
        Assert.True(Decode(atLimit).Ok);
        Assert.Equal(RejectReason.PayloadTooLarge, Decode(overLimit).Error.Reason);
        Assert.Equal(RejectReason.PayloadTooLarge, Decode(new byte[1024 * 1024]).Error.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public void TryDecodeTelemetry_InvalidUtf8_RejectsNotUtf8(byte[] payload) =>
        Assert.Equal(RejectReason.NotUtf8, Decode(payload).Error.Reason);

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("{\"ts\":1763931845120,\"seq\":")]
    [InlineData("{\"ts\":1763931845120,\"seq\":1,\"metrics\":{}} trailing")]
    [InlineData("{\"ts\":1763931845120,\"seq\":1,\"metrics\":{}}{}")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"ts\":1763931845120,\"seq\":1,\"metrics\":{\"voltage\":NaN}}")]
    [InlineData("{\"ts\":1763931845120,\"seq\":1,\"metrics\":{\"voltage\":Infinity}}")]
    public void TryDecodeTelemetry_NotJson_RejectsNotJson(string text)
    {
        var (ok, _, error) = Decode(Utf8(text));
        Assert.False(ok);
        Assert.Equal(RejectReason.NotJson, error.Reason);
        Assert.NotEmpty(error.Detail);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(3000)]
    public void TryDecodeTelemetry_DeeplyNested_RejectsTooDeep(int depth)
    {
        var nested = new string('[', depth) + new string(']', depth);
        Assert.Equal(RejectReason.TooDeep, Decode(Telemetry($"\"x\":{nested}")).Error.Reason);
        Assert.Equal(RejectReason.TooDeep, Decode(Utf8($"{{\"extra\":{nested},\"ts\":{Now},\"seq\":1,\"metrics\":{{}}}}")).Error.Reason);
    }
}
