using System.Buffers;
using static Iot.Contracts.Tests.TestPayloads;

namespace Iot.Contracts.Tests;

public sealed class PayloadDecoderTelemetryTests
{
    public static TheoryData<ServiceKind, string, string> EveryEnumValue()
    {
        var data = new TheoryData<ServiceKind, string, string>();
        foreach (var service in ServiceKinds.All)
        {
            foreach (var spec in MetricCatalog.For(service).Where(s => s.Allowed is not null))
            {
                foreach (var value in spec.Allowed!)
                {
                    data.Add(service, spec.Name, value);
                }
            }
        }

        return data;
    }

    // ---- accepted payloads --------------------------------------------------------------------------------

    [Fact]
    public void TryDecodeTelemetry_DesignExample_DecodesEveryMetric()
    {
        var (ok, value, error) = Decode(Utf8("""{"ts":1763931845120,"seq":1042,"metrics":{"powerState":"on","illuminanceLevel":0.8,"powerConsumption":41.7}}"""));

        Assert.True(ok, error.ToString());
        Assert.Equal(RejectReason.None, error.Reason);
        Assert.Equal(1763931845120, value!.Ts);
        Assert.Equal(1042, value.Seq);
        Assert.Equal(
            [new MetricReading("powerState", "on"), new MetricReading("illuminanceLevel", 0.8), new MetricReading("powerConsumption", 41.7)],
            value.Metrics);
        Assert.Empty(value.UnknownMetrics);
    }

    [Theory]
    [InlineData(ServiceKind.Streetlight, "\"powerState\":\"low\",\"illuminanceLevel\":0.3,\"powerConsumption\":12,\"voltage\":231.2,\"current\":0.2,\"activeEnergy\":12345.6,\"operatingHours\":40000,\"status\":\"defectiveLamp\",\"batteryLevel\":0.9,\"rssi\":-71")]
    [InlineData(ServiceKind.Cabinet, "\"powerState\":\"on\",\"voltage\":400,\"totalActivePower\":5300,\"energyConsumed\":9800.5,\"doorOpen\":false,\"workingMode\":\"semiautomatic\",\"rssi\":-80")]
    [InlineData(ServiceKind.Wastebin, "\"fillingLevel\":0.42,\"temperature\":-12.5,\"status\":\"lidOpen\",\"batteryLevel\":0.05")]
    [InlineData(ServiceKind.Bus, "\"lat\":48.8566,\"lon\":2.3522,\"speed\":32.5,\"heading\":270,\"serviceStatus\":\"onRoute\",\"routeId\":\"L1\",\"tripId\":\"T-0815\",\"occupancy\":0.6")]
    public void TryDecodeTelemetry_EveryKnownMetricOfAService_AcceptedWithNothingUnknown(ServiceKind service, string metrics)
    {
        var (ok, value, error) = Decode(Telemetry(metrics), service);

        Assert.True(ok, error.ToString());
        Assert.Equal(metrics.Count(c => c == ':'), value!.Metrics.Count);
        Assert.Empty(value.UnknownMetrics);
    }

    [Theory]
    [InlineData(ServiceKind.Wastebin, "\"fillingLevel\":0")]
    [InlineData(ServiceKind.Wastebin, "\"fillingLevel\":1")]
    [InlineData(ServiceKind.Wastebin, "\"fillingLevel\":1.0")]
    [InlineData(ServiceKind.Wastebin, "\"fillingLevel\":-0")]
    [InlineData(ServiceKind.Wastebin, "\"temperature\":-60")]
    [InlineData(ServiceKind.Bus, "\"lat\":90")]
    [InlineData(ServiceKind.Bus, "\"lat\":-90")]
    [InlineData(ServiceKind.Bus, "\"lon\":180,\"heading\":360")]
    [InlineData(ServiceKind.Bus, "\"lon\":-180,\"heading\":0")]
    [InlineData(ServiceKind.Bus, "\"occupancy\":1e0")]
    [InlineData(ServiceKind.Streetlight, "\"rssi\":-200,\"batteryLevel\":0")]
    [InlineData(ServiceKind.Streetlight, "\"rssi\":50,\"batteryLevel\":1")]
    public void TryDecodeTelemetry_ValueOnARangeBoundary_Accepted(ServiceKind service, string metrics)
    {
        var (ok, _, error) = Decode(Telemetry(metrics), service);

        Assert.True(ok, error.ToString());
    }

    [Fact]
    public void TryDecodeTelemetry_NumbersDecodeToTheirValue()
    {
        var (ok, value, _) = Decode(Telemetry("\"lat\":-90,\"lon\":2.3522e0,\"speed\":1E1"), ServiceKind.Bus);

        Assert.True(ok);
        Assert.Equal([-90.0, 2.3522, 10.0], value!.Metrics.Select(m => m.Value.Number));
        Assert.All(value.Metrics, m => Assert.Equal(MetricValueKind.Number, m.Value.Kind));
    }

    [Theory]
    [MemberData(nameof(EveryEnumValue))]
    public void TryDecodeTelemetry_KnownEnumString_DecodesToItsText(ServiceKind service, string metric, string text)
    {
        var (ok, value, error) = Decode(Telemetry($"\"{metric}\":\"{text}\""), service);

        Assert.True(ok, error.ToString());
        var reading = Assert.Single(value!.Metrics);
        Assert.Equal(metric, reading.Name);
        Assert.Equal(MetricValueKind.Text, reading.Value.Kind);
        Assert.Equal(text, reading.Value.Text);
        Assert.Empty(value.UnknownMetrics);
    }

    [Fact]
    public void TryDecodeTelemetry_JsonEscapedEnumString_DecodesToItsText()
    {
        var (ok, value, error) = Decode(Telemetry("\"powerState\":\"\\u006fn\""));

        Assert.True(ok, error.ToString());
        Assert.Equal("on", Assert.Single(value!.Metrics).Value.Text);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TryDecodeTelemetry_DoorOpenBool_DecodesAsBool(bool open)
    {
        var (ok, value, _) = Decode(Telemetry($"\"doorOpen\":{(open ? "true" : "false")}"), ServiceKind.Cabinet);

        Assert.True(ok);
        var reading = Assert.Single(value!.Metrics);
        Assert.Equal(MetricValueKind.Bool, reading.Value.Kind);
        Assert.Equal(open, reading.Value.Bool);
    }

    [Fact]
    public void TryDecodeTelemetry_UnknownMetrics_KeptInOrderAndListed()
    {
        var (ok, value, _) = Decode(Telemetry("\"vendorTemp\":21.5,\"voltage\":230,\"note\":\"x\",\"flag\":true,\"température\":3"));

        Assert.True(ok);
        Assert.Equal(["vendorTemp", "note", "flag", "température"], value!.UnknownMetrics);
        Assert.Equal(["vendorTemp", "voltage", "note", "flag", "température"], value.Metrics.Select(m => m.Name));
        Assert.Equal(MetricValue.FromNumber(21.5), value.Metrics[0].Value);
        Assert.Equal(MetricValue.FromText("x"), value.Metrics[2].Value);
        Assert.Equal(MetricValue.FromBool(true), value.Metrics[3].Value);
    }

    [Theory]
    [InlineData(ServiceKind.Streetlight, "lat", "91")]
    [InlineData(ServiceKind.Streetlight, "fillingLevel", "7")]
    [InlineData(ServiceKind.Bus, "powerState", "\"maybe\"")]
    [InlineData(ServiceKind.Wastebin, "doorOpen", "3")]
    [InlineData(ServiceKind.Cabinet, "serviceStatus", "false")]
    public void TryDecodeTelemetry_KnownMetricOfAnotherService_CountsAsUnknownAndIsNotRangeChecked(ServiceKind service, string metric, string json)
    {
        var (ok, value, error) = Decode(Telemetry($"\"{metric}\":{json}"), service);

        Assert.True(ok, error.ToString());
        Assert.Equal([metric], value!.UnknownMetrics);
        Assert.Equal(metric, Assert.Single(value.Metrics).Name);
    }

    [Fact]
    public void TryDecodeTelemetry_EmptyMetricsObject_AcceptedWithNoReadings()
    {
        var (ok, value, _) = Decode(Telemetry(""));

        Assert.True(ok);
        Assert.Empty(value!.Metrics);
        Assert.Empty(value.UnknownMetrics);
    }

    [Fact]
    public void TryDecodeTelemetry_FieldsInAnyOrderWithExtraFields_Accepted()
    {
        var json = $$"""{"fw":"1.4.0","metrics":{"voltage":230},"extra":{"a":[1,{"b":null}]},"seq":9,"ts":{{Now}}}""";

        var (ok, value, error) = Decode(Utf8(json));

        Assert.True(ok, error.ToString());
        Assert.Equal((Now, 9L), (value!.Ts, value.Seq));
        Assert.Equal(230, Assert.Single(value.Metrics).Value.Number);
    }

    [Fact]
    public void TryDecodeTelemetry_JsonEscapedEnvelopeNames_Recognised()
    {
        var (ok, value, error) = Decode(Utf8($$$"""{"t\u0073":{{{Now}}},"s\u0065q":4,"metric\u0073":{"voltage":230}}"""));

        Assert.True(ok, error.ToString());
        Assert.Equal(4, value!.Seq);
    }

    [Fact]
    public void TryDecodeTelemetry_SeqZero_Accepted()
    {
        var (ok, value, _) = Decode(Telemetry("", seq: 0));

        Assert.True(ok);
        Assert.Equal(0, value!.Seq);
    }

    // ---- PayloadTooLarge ----------------------------------------------------------------------------------

    [Fact]
    public void TryDecodeTelemetry_PayloadOfExactly8KiB_Accepted()
    {
        var payload = PaddedTo(Text(Telemetry("\"voltage\":230")), ValidationOptions.DefaultMaxPayloadBytes);

        Assert.Equal(8192, payload.Length);
        var (ok, value, error) = Decode(payload);
        Assert.True(ok, error.ToString());
        Assert.Equal(230, Assert.Single(value!.Metrics).Value.Number);
    }

    [Fact]
    public void TryDecodeTelemetry_PayloadOf8KiBPlusOneByte_RejectsPayloadTooLarge()
    {
        var payload = PaddedTo(Text(Telemetry("\"voltage\":230")), ValidationOptions.DefaultMaxPayloadBytes + 1);

        var (ok, value, error) = Decode(payload);

        Assert.False(ok);
        Assert.Null(value);
        Assert.Equal(RejectReason.PayloadTooLarge, error.Reason);
        Assert.Equal("payload is 8193 bytes; the limit is 8192", error.Detail);
    }

    [Fact]
    public void TryDecodeTelemetry_OneMegabytePayload_RejectsPayloadTooLarge()
    {
        var payload = PaddedTo(Text(Telemetry("\"voltage\":230")), 1024 * 1024);

        var (ok, _, error) = Decode(payload);

        Assert.False(ok);
        Assert.Equal(RejectReason.PayloadTooLarge, error.Reason);
        Assert.Contains("1048576 bytes", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecodeTelemetry_CustomPayloadLimit_Applied()
    {
        var options = new ValidationOptions { MaxPayloadBytes = 64 };
        var payload = Telemetry("\"voltage\":230,\"current\":0.25,\"powerState\":\"on\"");

        Assert.True(payload.Length > 64);
        Assert.Equal(RejectReason.PayloadTooLarge, Decode(payload, options: options).Error.Reason);
        Assert.True(Decode(payload).Ok);
    }

    // ---- NotUtf8 ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC0, 0x80 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    public void TryDecodeTelemetry_InvalidUtf8Bytes_RejectsNotUtf8(byte[] payload)
    {
        var (ok, _, error) = Decode(payload);

        Assert.False(ok);
        Assert.Equal(RejectReason.NotUtf8, error.Reason);
        Assert.Contains("UTF-8", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public void TryDecodeTelemetry_InvalidUtf8InsideAString_RejectsNotUtf8(byte[] raw)
    {
        var (ok, _, error) = Decode(WithRawBytesInString(Text(Telemetry("\"voltage\":230")), raw));

        Assert.False(ok);
        Assert.Equal(RejectReason.NotUtf8, error.Reason);
    }

    [Fact]
    public void TryDecodeTelemetry_InvalidUtf8InsideAMetricText_RejectsNotUtf8()
    {
        byte[] payload = [.. Utf8($"{{\"ts\":{Now},\"seq\":1,\"metrics\":{{\"note\":\"a"), 0xC3, 0x28, .. Utf8("\"}}")];

        Assert.Equal(RejectReason.NotUtf8, Decode(payload).Error.Reason);
    }

    // ---- NotJson ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("hello")]
    [InlineData("héllo wörld ✓")]
    [InlineData("NaN")]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("\"ts\"")]
    [InlineData("[1,2,3]")]
    [InlineData("[{\"ts\":1763931845120,\"seq\":1,\"metrics\":{}}]")]
    [InlineData("{\"ts\":1763931845120,\"seq\":")]
    [InlineData("{\"ts\":1763931845120,\"seq\":1,\"metrics\":{\"voltage\":230}")]
    [InlineData("{\"ts\":1763931845120,\"seq\":1,\"metrics\":{}} trailing")]
    [InlineData("{\"ts\":1763931845120,\"seq\":1,\"metrics\":{}}{}")]
    [InlineData("{\"ts\":1763931845120,\"seq\":1,\"metrics\":{}},")]
    [InlineData("{\"ts\":1763931845120,\"seq\":1,\"metrics\":{\"voltage\":NaN}}")]
    [InlineData("{\"ts\":1763931845120,\"seq\":1,\"metrics\":{\"voltage\":Infinity}}")]
    [InlineData("{\"ts\":1763931845120,\"seq\":1,\"metrics\":{\"voltage\":230,}}")]
    [InlineData("{'ts':1763931845120,'seq':1,'metrics':{}}")]
    [InlineData("{\"ts\":1763931845120,/* c */\"seq\":1,\"metrics\":{}}")]
    [InlineData("{\"ts\":01763931845120,\"seq\":1,\"metrics\":{}}")]
    [InlineData("{ts:1763931845120,seq:1,metrics:{}}")]
    public void TryDecodeTelemetry_NotAJsonObject_RejectsNotJson(string text)
    {
        var (ok, value, error) = Decode(Utf8(text));

        Assert.False(ok);
        Assert.Null(value);
        Assert.Equal(RejectReason.NotJson, error.Reason);
        Assert.NotEmpty(error.Detail);
    }

    [Fact]
    public void TryDecodeTelemetry_SyntaxErrorAtALegalDepth_RejectsNotJson()
    {
        // Root object + 14 arrays = depth 15, within the limit of 16; the fault is a missing comma, not depth.
        var json = WithLeadingField(Text(Telemetry("")), new string('[', 14) + "1 2" + new string(']', 14));

        var (ok, _, error) = Decode(Utf8(json));

        Assert.False(ok);
        Assert.Equal(RejectReason.NotJson, error.Reason);
    }

    // ---- TooDeep ------------------------------------------------------------------------------------------

    [Fact]
    public void TryDecodeTelemetry_NestingExactlyAtTheLimit_Accepted()
    {
        // Root object + 15 arrays = 16 levels = ValidationOptions.MaxDepth.
        var json = WithLeadingField(Text(Telemetry("\"voltage\":230")), NestedArrays(15));

        var (ok, _, error) = Decode(Utf8(json));

        Assert.True(ok, error.ToString());
    }

    [Theory]
    [InlineData(16)]
    [InlineData(4_000)]
    public void TryDecodeTelemetry_NestedArraysInAnIgnoredField_RejectsTooDeep(int depth)
    {
        var json = WithLeadingField(Text(Telemetry("\"voltage\":230")), NestedArrays(depth));

        var (ok, _, error) = Decode(Utf8(json));

        Assert.False(ok);
        Assert.Equal(RejectReason.TooDeep, error.Reason);
        Assert.Contains("nesting deeper than 16", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecodeTelemetry_TenThousandNestedObjectsAtTopLevel_RejectsTooDeep()
    {
        var (ok, _, error) = Decode(Utf8(NestedObjects(10_000)), options: Roomy);

        Assert.False(ok);
        Assert.Equal(RejectReason.TooDeep, error.Reason);
    }

    [Fact]
    public void TryDecodeTelemetry_TenThousandNestedArraysAtTopLevel_RejectsAsNotAnObject()
    {
        // Telemetry looks at the first token before reading on: an array is refused as "not a JSON object".
        var (ok, _, error) = Decode(Utf8(NestedArrays(10_000)), options: Roomy);

        Assert.False(ok);
        Assert.Equal((RejectReason.NotJson, "payload must be a JSON object"), (error.Reason, error.Detail));
    }

    [Fact]
    public void TryDecodeTelemetry_TenThousandNestedObjects_RejectsTooDeep()
    {
        var json = WithLeadingField(Text(Telemetry("")), NestedObjects(10_000));

        var (ok, _, error) = Decode(Utf8(json), options: Roomy);

        Assert.False(ok);
        Assert.Equal(RejectReason.TooDeep, error.Reason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TryDecodeTelemetry_TenThousandLevelsInsideAMetric_RejectsTooDeep(bool arrays)
    {
        var nested = arrays ? NestedArrays(10_000) : NestedObjects(10_000);

        var (ok, _, error) = Decode(Telemetry($"\"voltage\":230,\"blob\":{nested}"), options: Roomy);

        Assert.False(ok);
        Assert.Equal(RejectReason.TooDeep, error.Reason);
    }

    [Fact]
    public void TryDecodeTelemetry_TenThousandLevelsAsTheTsValue_RejectsTooDeep()
    {
        var (ok, _, error) = Decode(Utf8($"{{\"seq\":1,\"metrics\":{{}},\"ts\":{NestedArrays(10_000)}}}"), options: Roomy);

        Assert.False(ok);
        Assert.Equal(RejectReason.TooDeep, error.Reason);
    }

    [Fact]
    public void TryDecodeTelemetry_CustomMaxDepthOfTwo_StillAcceptsTelemetry()
    {
        var options = new ValidationOptions { MaxDepth = 2 };

        Assert.True(Decode(Telemetry("\"voltage\":230"), options: options).Ok);
        Assert.Equal(RejectReason.TooDeep, Decode(Telemetry("\"x\":[1]"), options: options).Error.Reason);
    }

    // ---- MissingTs / MissingSeq / MissingField ------------------------------------------------------------

    [Theory]
    [InlineData("{}", RejectReason.MissingTs, "ts")]
    [InlineData("{\"seq\":1,\"metrics\":{}}", RejectReason.MissingTs, "ts")]
    [InlineData("{\"TS\":1763931845120,\"seq\":1,\"metrics\":{}}", RejectReason.MissingTs, "ts")]
    [InlineData("{\"ts\":1763931845120,\"metrics\":{}}", RejectReason.MissingSeq, "seq")]
    [InlineData("{\"ts\":1763931845120,\"sequence\":1,\"metrics\":{}}", RejectReason.MissingSeq, "seq")]
    [InlineData("{\"ts\":1763931845120,\"seq\":1}", RejectReason.MissingField, "metrics")]
    [InlineData("{\"ts\":1763931845120,\"seq\":1,\"metric\":{\"voltage\":230}}", RejectReason.MissingField, "metrics")]
    public void TryDecodeTelemetry_RequiredFieldAbsent_RejectsWithItsReasonNamingIt(string json, RejectReason expected, string field)
    {
        var (ok, value, error) = Decode(Utf8(json));

        Assert.False(ok);
        Assert.Null(value);
        Assert.Equal(expected, error.Reason);
        Assert.StartsWith(field, error.Detail, StringComparison.Ordinal);
    }

    // ---- TsInFuture / TsTooOld ----------------------------------------------------------------------------

    [Fact]
    public void TryDecodeTelemetry_TsFourMinutesAhead_Accepted()
    {
        var (ok, value, _) = Decode(Telemetry("", Now + (4 * Minute)));

        Assert.True(ok);
        Assert.Equal(Now + (4 * Minute), value!.Ts);
    }

    [Fact]
    public void TryDecodeTelemetry_TsExactlyFiveMinutesAhead_Accepted() =>
        Assert.True(Decode(Telemetry("", Now + (5 * Minute))).Ok);

    [Theory]
    [InlineData(5 * Minute + 1)]
    [InlineData(5 * Minute + Second)]
    [InlineData(365 * Day)]
    public void TryDecodeTelemetry_TsMoreThanFiveMinutesAhead_RejectsTsInFuture(long ahead)
    {
        var (ok, _, error) = Decode(Telemetry("", Now + ahead));

        Assert.False(ok);
        Assert.Equal(RejectReason.TsInFuture, error.Reason);
        Assert.StartsWith("ts ", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1_763_931_845_120_000)] // microseconds by mistake
    [InlineData(1_763_931_845_120_000_000)] // nanoseconds by mistake
    [InlineData(long.MaxValue)]
    public void TryDecodeTelemetry_TsFarBeyondTimeSpanRange_RejectsTsInFutureWithoutThrowing(long ts)
    {
        var (ok, _, error) = Decode(Telemetry("\"voltage\":230", ts));

        Assert.False(ok);
        Assert.Equal(RejectReason.TsInFuture, error.Reason);
    }

    [Fact]
    public void TryDecodeTelemetry_CustomFutureSkew_Applied()
    {
        var options = new ValidationOptions { MaxFutureSkew = TimeSpan.FromSeconds(10) };

        Assert.True(Decode(Telemetry("", Now + (10 * Second)), options: options).Ok);
        Assert.Equal(RejectReason.TsInFuture, Decode(Telemetry("", Now + (10 * Second) + 1), options: options).Error.Reason);
    }

    [Theory]
    [InlineData(30 * Day)]
    [InlineData(29 * Day)]
    [InlineData(0)]
    public void TryDecodeTelemetry_TsWithinThirtyDays_Accepted(long age) =>
        Assert.True(Decode(Telemetry("", Now - age)).Ok);

    [Theory]
    [InlineData(30 * Day + 1)]
    [InlineData(31 * Day)]
    [InlineData(Now)]
    public void TryDecodeTelemetry_TsOlderThanTheThirtyDayHorizon_RejectsTsTooOld(long age)
    {
        var (ok, _, error) = Decode(Telemetry("", Now - age));

        Assert.False(ok);
        Assert.Equal(RejectReason.TsTooOld, error.Reason);
        Assert.StartsWith("ts ", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecodeTelemetry_CustomOneDayHorizon_Applied()
    {
        var options = new ValidationOptions { Horizon = TimeSpan.FromDays(1) };

        Assert.True(Decode(Telemetry("", Now - Day), options: options).Ok);
        Assert.Equal(RejectReason.TsTooOld, Decode(Telemetry("", Now - Day - 1), options: options).Error.Reason);
        Assert.Equal(RejectReason.TsTooOld, Decode(Telemetry("", Now - (2 * Day)), options: options).Error.Reason);
    }

    // ---- WrongType ----------------------------------------------------------------------------------------

    [Theory]
    [InlineData("{\"ts\":\"1763931845120\",\"seq\":1,\"metrics\":{}}", "ts")]
    [InlineData("{\"ts\":1763931845120.5,\"seq\":1,\"metrics\":{}}", "ts")]
    [InlineData("{\"ts\":1.76393184512E12,\"seq\":1,\"metrics\":{}}", "ts")]
    [InlineData("{\"ts\":-1,\"seq\":1,\"metrics\":{}}", "ts")]
    [InlineData("{\"ts\":true,\"seq\":1,\"metrics\":{}}", "ts")]
    [InlineData("{\"ts\":{\"ms\":1},\"seq\":1,\"metrics\":{}}", "ts")]
    [InlineData("{\"ts\":[1763931845120],\"seq\":1,\"metrics\":{}}", "ts")]
    [InlineData("{\"ts\":99999999999999999999,\"seq\":1,\"metrics\":{}}", "ts")]
    [InlineData("{\"ts\":1763931845120,\"seq\":-1,\"metrics\":{}}", "seq")]
    [InlineData("{\"ts\":1763931845120,\"seq\":1.5,\"metrics\":{}}", "seq")]
    [InlineData("{\"ts\":1763931845120,\"seq\":\"1\",\"metrics\":{}}", "seq")]
    [InlineData("{\"ts\":1763931845120,\"seq\":1,\"metrics\":[]}", "metrics")]
    [InlineData("{\"ts\":1763931845120,\"seq\":1,\"metrics\":[{\"voltage\":230}]}", "metrics")]
    [InlineData("{\"ts\":1763931845120,\"seq\":1,\"metrics\":\"voltage=230\"}", "metrics")]
    [InlineData("{\"ts\":1763931845120,\"seq\":1,\"metrics\":null}", "metrics")]
    [InlineData("{\"ts\":1763931845120,\"seq\":1,\"metrics\":7}", "metrics")]
    public void TryDecodeTelemetry_EnvelopeFieldOfWrongType_RejectsWrongTypeNamingIt(string json, string field)
    {
        var (ok, _, error) = Decode(Utf8(json));

        Assert.False(ok);
        Assert.Equal(RejectReason.WrongType, error.Reason);
        Assert.StartsWith(field + " must be", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ServiceKind.Streetlight, "\"voltage\":{\"v\":1}", "voltage")]
    [InlineData(ServiceKind.Streetlight, "\"voltage\":[230]", "voltage")]
    [InlineData(ServiceKind.Streetlight, "\"voltage\":null", "voltage")]
    [InlineData(ServiceKind.Streetlight, "\"custom\":{\"a\":1}", "custom")]
    [InlineData(ServiceKind.Streetlight, "\"custom\":[1,2]", "custom")]
    [InlineData(ServiceKind.Streetlight, "\"custom\":null", "custom")]
    [InlineData(ServiceKind.Streetlight, "\"powerConsumption\":\"lots\"", "powerConsumption")]
    [InlineData(ServiceKind.Streetlight, "\"voltage\":\"230\"", "voltage")]
    [InlineData(ServiceKind.Streetlight, "\"voltage\":true", "voltage")]
    [InlineData(ServiceKind.Bus, "\"lat\":\"NaN\"", "lat")]
    [InlineData(ServiceKind.Cabinet, "\"doorOpen\":1", "doorOpen")]
    [InlineData(ServiceKind.Cabinet, "\"doorOpen\":0", "doorOpen")]
    [InlineData(ServiceKind.Cabinet, "\"doorOpen\":\"true\"", "doorOpen")]
    [InlineData(ServiceKind.Streetlight, "\"powerState\":1", "powerState")]
    [InlineData(ServiceKind.Streetlight, "\"powerState\":true", "powerState")]
    [InlineData(ServiceKind.Wastebin, "\"status\":0", "status")]
    [InlineData(ServiceKind.Bus, "\"routeId\":1", "routeId")]
    public void TryDecodeTelemetry_MetricOfWrongType_RejectsWrongTypeNamingTheMetric(ServiceKind service, string metrics, string metric)
    {
        var (ok, value, error) = Decode(Telemetry("\"rssi\":-70," + metrics), service);

        Assert.False(ok);
        Assert.Null(value);
        Assert.Equal(RejectReason.WrongType, error.Reason);
        Assert.Contains($"'{metric}'", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecodeTelemetry_EmptyMetricName_RejectsWrongType()
    {
        var (ok, _, error) = Decode(Telemetry("\"\":1"));

        Assert.False(ok);
        Assert.Equal(RejectReason.WrongType, error.Reason);
        Assert.Contains("metric names", error.Detail, StringComparison.Ordinal);
    }

    // ---- OutOfRange / NotFinite ---------------------------------------------------------------------------

    [Theory]
    [InlineData(ServiceKind.Wastebin, "\"fillingLevel\":1.01", "fillingLevel")]
    [InlineData(ServiceKind.Wastebin, "\"fillingLevel\":-0.01", "fillingLevel")]
    [InlineData(ServiceKind.Wastebin, "\"fillingLevel\":42", "fillingLevel")]
    [InlineData(ServiceKind.Wastebin, "\"status\":\"exploded\"", "status")]
    [InlineData(ServiceKind.Wastebin, "\"status\":\"OK\"", "status")]
    [InlineData(ServiceKind.Wastebin, "\"temperature\":-60.5", "temperature")]
    [InlineData(ServiceKind.Wastebin, "\"batteryLevel\":1.5", "batteryLevel")]
    [InlineData(ServiceKind.Bus, "\"lat\":91", "lat")]
    [InlineData(ServiceKind.Bus, "\"lat\":-90.0001", "lat")]
    [InlineData(ServiceKind.Bus, "\"lon\":-181", "lon")]
    [InlineData(ServiceKind.Bus, "\"lon\":180.5", "lon")]
    [InlineData(ServiceKind.Bus, "\"heading\":361", "heading")]
    [InlineData(ServiceKind.Bus, "\"heading\":-1", "heading")]
    [InlineData(ServiceKind.Bus, "\"occupancy\":2", "occupancy")]
    [InlineData(ServiceKind.Bus, "\"serviceStatus\":\"flying\"", "serviceStatus")]
    [InlineData(ServiceKind.Streetlight, "\"powerState\":\"maybe\"", "powerState")]
    [InlineData(ServiceKind.Streetlight, "\"powerState\":\"\"", "powerState")]
    [InlineData(ServiceKind.Streetlight, "\"powerState\":\"On\"", "powerState")]
    [InlineData(ServiceKind.Streetlight, "\"status\":\"lidOpen\"", "status")]
    [InlineData(ServiceKind.Streetlight, "\"illuminanceLevel\":1.5", "illuminanceLevel")]
    [InlineData(ServiceKind.Streetlight, "\"powerConsumption\":-1", "powerConsumption")]
    [InlineData(ServiceKind.Streetlight, "\"rssi\":51", "rssi")]
    [InlineData(ServiceKind.Cabinet, "\"workingMode\":\"turbo\"", "workingMode")]
    public void TryDecodeTelemetry_KnownMetricOutOfRange_RejectsOutOfRangeNamingIt(ServiceKind service, string metrics, string metric)
    {
        var (ok, value, error) = Decode(Telemetry(metrics), service);

        Assert.False(ok);
        Assert.Null(value);
        Assert.Equal(RejectReason.OutOfRange, error.Reason);
        Assert.Contains($"'{metric}'", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecodeTelemetry_FillingLevelAboveOne_RejectsOutOfRangeWithTheValueAndLimits()
    {
        var (_, _, error) = Decode(Telemetry("\"fillingLevel\":1.01"), ServiceKind.Wastebin);

        Assert.Equal(RejectReason.OutOfRange, error.Reason);
        Assert.Equal("metric 'fillingLevel' = 1.01 is outside 0..1", error.Detail);
    }

    [Fact]
    public void TryDecodeTelemetry_OutOfRangeAfterValidMetrics_RejectsTheWholeMessage()
    {
        var (ok, value, error) = Decode(Telemetry("\"fillingLevel\":0.5,\"temperature\":21,\"fillingLevel\":1.01"), ServiceKind.Wastebin);

        Assert.False(ok);
        Assert.Null(value);
        Assert.Equal(RejectReason.OutOfRange, error.Reason);
    }

    [Fact]
    public void TryDecodeTelemetry_JsonEscapedKnownMetricName_StillRangeChecked()
    {
        // "fill\u0069ngLevel" is the name fillingLevel; 5 is outside 0..1 however the name is spelled.
        var (ok, value, error) = Decode(Telemetry("\"fill\\u0069ngLevel\":5"), ServiceKind.Wastebin);

        Assert.False(ok, $"accepted: metrics [{string.Join(", ", value?.Metrics ?? [])}], unknown [{string.Join(", ", value?.UnknownMetrics ?? [])}]");
        Assert.Equal(RejectReason.OutOfRange, error.Reason);
        Assert.Contains("'fillingLevel'", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecodeTelemetry_MetricsObjectRepeated_RejectsWrongTypeNamingMetrics()
    {
        var (ok, _, error) = Decode(Utf8($$$"""{"ts":{{{Now}}},"seq":1,"metrics":{"vendorX":1},"metrics":{"voltage":230}}"""));

        // Two metrics objects: which one the device meant is unknowable, so neither is stored.
        Assert.False(ok);
        Assert.Equal(RejectReason.WrongType, error.Reason);
        Assert.Contains("metrics", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"voltage\":1e400", "voltage")]
    [InlineData("\"voltage\":-1e400", "voltage")]
    [InlineData("\"vendorCounter\":1e400", "vendorCounter")]
    [InlineData("\"activeEnergy\":1.8e308", "activeEnergy")]
    public void TryDecodeTelemetry_NumberBeyondDouble_RejectsNotFiniteNamingTheMetric(string metrics, string metric)
    {
        var (ok, _, error) = Decode(Telemetry(metrics));

        Assert.False(ok);
        Assert.Equal(RejectReason.NotFinite, error.Reason);
        Assert.Contains($"'{metric}'", error.Detail, StringComparison.Ordinal);
    }

    // ---- WriteTelemetry -----------------------------------------------------------------------------------

    [Fact]
    public void WriteTelemetry_DesignExample_WritesTheWireForm()
    {
        var buffer = new ArrayBufferWriter<byte>();

        PayloadDecoder.WriteTelemetry(buffer, Now, 1042, [new("powerState", "on"), new("illuminanceLevel", 0.8), new("powerConsumption", 41.7)]);

        Assert.Equal(
            """{"ts":1763931845120,"seq":1042,"metrics":{"powerState":"on","illuminanceLevel":0.8,"powerConsumption":41.7}}""",
            Text(buffer.WrittenSpan));
    }

    [Theory]
    [InlineData(ServiceKind.Wastebin)]
    [InlineData(ServiceKind.Cabinet)]
    [InlineData(ServiceKind.Bus)]
    public void WriteTelemetry_Output_DecodesBackToTheSameMetrics(ServiceKind service)
    {
        MetricReading[] metrics = service switch
        {
            ServiceKind.Wastebin => [new("fillingLevel", 0.42), new("status", "lidOpen"), new("temperature", -3.25), new("batteryLevel", 1.0)],
            ServiceKind.Cabinet => [new("doorOpen", true), new("workingMode", "manual"), new("totalActivePower", 12_345.678), new("vendorFlag", false)],
            _ => [new("lat", 48.856613), new("lon", -1.0 / 3), new("routeId", "L1 \"Gare\" ↔ Port <nuit>"), new("température", 0.1 + 0.2)],
        };
        var buffer = new ArrayBufferWriter<byte>();

        PayloadDecoder.WriteTelemetry(buffer, Now - Minute, 77, metrics);

        var (ok, value, error) = Decode(buffer.WrittenSpan.ToArray(), service);
        Assert.True(ok, error.ToString());
        Assert.Equal((Now - Minute, 77L), (value!.Ts, value.Seq));
        Assert.Equal(metrics, value.Metrics);
    }

    [Fact]
    public void WriteTelemetry_NoMetrics_DecodesToAnEmptyList()
    {
        var buffer = new ArrayBufferWriter<byte>();

        PayloadDecoder.WriteTelemetry(buffer, Now, 1, []);

        var (ok, value, _) = Decode(buffer.WrittenSpan.ToArray());
        Assert.True(ok);
        Assert.Empty(value!.Metrics);
    }
}
