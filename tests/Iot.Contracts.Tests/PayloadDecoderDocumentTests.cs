using System.Text.Json;
using static Iot.Contracts.Tests.TestPayloads;
using static Iot.Contracts.Tests.WireDecoders;

namespace Iot.Contracts.Tests;

/// <summary>The low-rate kinds: event, status, cmd and cmd-ack.</summary>
public sealed class PayloadDecoderDocumentTests
{
    private const string CmdId = "6f1c2a9e-5b7d-4c1e-9a3f-2d8e7b6c5a41";

    private static readonly ValidationOptions Options = ValidationOptions.Default;

    public static TheoryData<string> Kinds() => [.. DocumentKinds];

    public static TheoryData<string> KindsWithAHorizon() => [Event, Cmd, CmdAck];

    public static TheoryData<string, string> NotJsonPerKind()
    {
        string[] texts = ["", "hello", "héllo ✓", "NaN", "null", "42", "\"text\"", "[]", "[{\"ts\":1}]", "{", "{\"ts\":", "{'ts':1}", "{\"a\":1,}"];
        var data = new TheoryData<string, string>();
        foreach (var kind in DocumentKinds)
        {
            foreach (var text in texts)
            {
                data.Add(kind, text);
            }

            var valid = ValidJson(kind);
            data.Add(kind, valid[..^1]);
            data.Add(kind, valid + " x");
            data.Add(kind, valid + "{}");
            data.Add(kind, "[" + valid + "]");
        }

        return data;
    }

    // ---- shared envelope checks ---------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decode_ValidSampleOfEveryKind_Accepted(string kind)
    {
        var (ok, value, error) = WireDecoders.Decode(kind, Utf8(ValidJson(kind)));

        Assert.True(ok, error.ToString());
        Assert.NotNull(value);
        Assert.Equal(ValidationError.None, error);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decode_PayloadOfExactly8KiB_Accepted(string kind)
    {
        var payload = PaddedTo(ValidJson(kind), 8192);

        var (ok, _, error) = WireDecoders.Decode(kind, payload);

        Assert.Equal(8192, payload.Length);
        Assert.True(ok, error.ToString());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decode_PayloadOf8KiBPlusOneByte_RejectsPayloadTooLarge(string kind)
    {
        var (ok, value, error) = WireDecoders.Decode(kind, PaddedTo(ValidJson(kind), 8193));

        Assert.False(ok);
        Assert.Null(value);
        Assert.Equal(RejectReason.PayloadTooLarge, error.Reason);
        Assert.Equal("payload is 8193 bytes; the limit is 8192", error.Detail);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decode_OneMegabytePayload_RejectsPayloadTooLarge(string kind)
    {
        var (ok, _, error) = WireDecoders.Decode(kind, PaddedTo(ValidJson(kind), 1024 * 1024));

        Assert.False(ok);
        Assert.Equal(RejectReason.PayloadTooLarge, error.Reason);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decode_InvalidUtf8_RejectsNotUtf8(string kind)
    {
        Assert.Equal(RejectReason.NotUtf8, WireDecoders.Decode(kind, [0xC3, 0x28]).Error.Reason);
        Assert.Equal(RejectReason.NotUtf8, WireDecoders.Decode(kind, WithRawBytesInString(ValidJson(kind), 0xC3, 0x28)).Error.Reason);
        var (_, _, error) = WireDecoders.Decode(kind, WithRawBytesInString(ValidJson(kind), 0xED, 0xA0, 0x80));
        Assert.Equal(RejectReason.NotUtf8, error.Reason);
        Assert.Contains("UTF-8", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NotJsonPerKind))]
    public void Decode_NotAJsonObject_RejectsNotJson(string kind, string text)
    {
        var (ok, value, error) = WireDecoders.Decode(kind, Utf8(text));

        Assert.False(ok);
        Assert.Null(value);
        Assert.Equal(RejectReason.NotJson, error.Reason);
        Assert.NotEmpty(error.Detail);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decode_NestingExactlyAtTheLimit_Accepted(string kind)
    {
        var (ok, _, error) = WireDecoders.Decode(kind, Utf8(WithLeadingField(ValidJson(kind), NestedArrays(15))));

        Assert.True(ok, error.ToString());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decode_NestedDeeperThanTheLimit_RejectsTooDeep(string kind)
    {
        var valid = ValidJson(kind);
        ValidationError[] errors =
        [
            WireDecoders.Decode(kind, Utf8(WithLeadingField(valid, NestedArrays(16)))).Error,
            WireDecoders.Decode(kind, Utf8(WithLeadingField(valid, NestedArrays(4_000)))).Error,
            WireDecoders.Decode(kind, Utf8(WithLeadingField(valid, NestedArrays(10_000))), Roomy).Error,
            WireDecoders.Decode(kind, Utf8(WithLeadingField(valid, NestedObjects(10_000))), Roomy).Error,
            WireDecoders.Decode(kind, Utf8(NestedArrays(10_000)), Roomy).Error,
        ];

        Assert.All(errors, e => Assert.Equal(RejectReason.TooDeep, e.Reason));
        Assert.All(errors, e => Assert.Contains("nesting deeper than 16", e.Detail, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decode_SyntaxErrorAtALegalDepth_RejectsNotJson(string kind)
    {
        // Root object + 14 arrays = depth 15, within the limit of 16; the fault is a missing comma, not depth.
        var json = WithLeadingField(ValidJson(kind), new string('[', 14) + "1 2" + new string(']', 14));

        Assert.Equal(RejectReason.NotJson, WireDecoders.Decode(kind, Utf8(json)).Error.Reason);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decode_TsFourMinutesAhead_Accepted(string kind) =>
        Assert.True(WireDecoders.Decode(kind, Utf8(ValidJson(kind, Now + (4 * Minute)))).Ok);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decode_TsFiveMinutesAndOneSecondAhead_RejectsTsInFuture(string kind)
    {
        var (ok, _, error) = WireDecoders.Decode(kind, Utf8(ValidJson(kind, Now + (5 * Minute) + Second)));

        Assert.False(ok);
        Assert.Equal(RejectReason.TsInFuture, error.Reason);
        Assert.StartsWith("ts ", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decode_TsInMicroseconds_RejectsTsInFutureWithoutThrowing(string kind)
    {
        var (ok, _, error) = WireDecoders.Decode(kind, Utf8(ValidJson(kind, Now * 1000)));

        Assert.False(ok);
        Assert.Equal(RejectReason.TsInFuture, error.Reason);
    }

    [Theory]
    [MemberData(nameof(KindsWithAHorizon))]
    public void Decode_TsOlderThanThirtyDays_RejectsTsTooOld(string kind)
    {
        Assert.True(WireDecoders.Decode(kind, Utf8(ValidJson(kind, Now - (30 * Day)))).Ok);
        var (ok, _, error) = WireDecoders.Decode(kind, Utf8(ValidJson(kind, Now - (30 * Day) - 1)));

        Assert.False(ok);
        Assert.Equal(RejectReason.TsTooOld, error.Reason);
        Assert.StartsWith("ts ", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KindsWithAHorizon))]
    public void Decode_CustomOneDayHorizon_Applied(string kind)
    {
        var options = new ValidationOptions { Horizon = TimeSpan.FromDays(1) };

        Assert.True(WireDecoders.Decode(kind, Utf8(ValidJson(kind, Now - Day)), options).Ok);
        Assert.Equal(RejectReason.TsTooOld, WireDecoders.Decode(kind, Utf8(ValidJson(kind, Now - (2 * Day))), options).Error.Reason);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decode_TsOfWrongType_RejectsWrongTypeNamingTs(string kind)
    {
        var valid = ValidJson(kind);
        string[] variants =
        [
            valid.Replace($"\"ts\":{Now}", $"\"ts\":\"{Now}\"", StringComparison.Ordinal),
            valid.Replace($"\"ts\":{Now}", $"\"ts\":{Now}.5", StringComparison.Ordinal),
            valid.Replace($"\"ts\":{Now}", "\"ts\":-1", StringComparison.Ordinal),
            valid.Replace($"\"ts\":{Now}", "\"ts\":true", StringComparison.Ordinal),
            valid.Replace($"\"ts\":{Now}", "\"ts\":{}", StringComparison.Ordinal),
        ];

        Assert.All(variants, v => Assert.NotEqual(valid, v));
        Assert.All(variants, v =>
        {
            var (ok, _, error) = WireDecoders.Decode(kind, Utf8(v));
            Assert.False(ok);
            Assert.Equal(RejectReason.WrongType, error.Reason);
            Assert.Equal("ts must be a non-negative integer", error.Detail);
        });
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decode_TsAbsent_RejectsMissingTs(string kind)
    {
        var json = ValidJson(kind).Replace($"\"ts\":{Now},", string.Empty, StringComparison.Ordinal);

        var (ok, _, error) = WireDecoders.Decode(kind, Utf8(json));

        Assert.DoesNotContain("\"ts\"", json, StringComparison.Ordinal);
        Assert.False(ok);
        Assert.Equal((RejectReason.MissingTs, "ts is required"), (error.Reason, error.Detail));
    }

    // ---- event --------------------------------------------------------------------------------------------

    [Fact]
    public void TryDecodeEvent_FullEvent_KeepsEveryField()
    {
        var json = $$$$"""{"ts":{{{{Now}}}},"seq":5,"type":"lampFailure","severity":"high","message":"lamp 3 dark","data":{"lamp":3,"codes":[1,2],"at":{"pole":"P-7"}}}""";

        var ok = PayloadDecoder.TryDecodeEvent(Utf8(json), Now, Options, out var e, out var error);

        Assert.True(ok, error.ToString());
        Assert.Equal((Now, 5L, "lampFailure", "high", "lamp 3 dark"), (e!.Ts, e.Seq, e.Type, e.Severity, e.Message));
        Assert.Equal("""{"lamp":3,"codes":[1,2],"at":{"pole":"P-7"}}""", e.Data!.Value.GetRawText());
    }

    [Fact]
    public void TryDecodeEvent_DataOutlivesThePayloadBuffer()
    {
        var payload = Utf8($$$"""{"ts":{{{Now}}},"seq":5,"type":"x","data":{"lamp":3}}""");
        Assert.True(PayloadDecoder.TryDecodeEvent(payload, Now, Options, out var e, out _));

        Array.Fill(payload, (byte)' ');

        Assert.Equal(3, e!.Data!.Value.GetProperty("lamp").GetInt32());
    }

    [Theory]
    [InlineData(",\"data\":null")]
    [InlineData(",\"severity\":null,\"message\":null")]
    [InlineData("")]
    public void TryDecodeEvent_OptionalFieldsAbsentOrNull_DecodeAsNull(string optional)
    {
        var ok = PayloadDecoder.TryDecodeEvent(Utf8($$"""{"ts":{{Now}},"seq":5,"type":"doorOpened"{{optional}}}"""), Now, Options, out var e, out var error);

        Assert.True(ok, error.ToString());
        Assert.Equal(("doorOpened", (string?)null, (string?)null, (JsonElement?)null), (e!.Type, e.Severity, e.Message, e.Data));
    }

    [Theory]
    [InlineData("low")]
    [InlineData("medium")]
    [InlineData("high")]
    [InlineData("critical")]
    public void TryDecodeEvent_EverySeverity_Accepted(string severity)
    {
        Assert.True(PayloadDecoder.TryDecodeEvent(Utf8($$"""{"ts":{{Now}},"seq":5,"type":"x","severity":"{{severity}}"}"""), Now, Options, out var e, out _));
        Assert.Equal(severity, e!.Severity);
    }

    [Theory]
    [InlineData("extreme")]
    [InlineData("High")]
    [InlineData("")]
    public void TryDecodeEvent_UnknownSeverity_RejectsOutOfRangeNamingSeverity(string severity)
    {
        var ok = PayloadDecoder.TryDecodeEvent(Utf8($$"""{"ts":{{Now}},"seq":5,"type":"x","severity":"{{severity}}"}"""), Now, Options, out var e, out var error);

        Assert.False(ok);
        Assert.Null(e);
        Assert.Equal(RejectReason.OutOfRange, error.Reason);
        Assert.Equal($"severity '{severity}' is not one of low|medium|high|critical", error.Detail);
    }

    [Theory]
    [InlineData("""{"ts":1763931845120,"type":"x"}""", RejectReason.MissingSeq, "seq is required")]
    [InlineData("""{"ts":1763931845120,"seq":null,"type":"x"}""", RejectReason.MissingSeq, "seq is required")]
    [InlineData("""{"ts":1763931845120,"seq":5}""", RejectReason.MissingField, "type is required")]
    [InlineData("""{"ts":1763931845120,"seq":5,"type":null}""", RejectReason.MissingField, "type is required")]
    [InlineData("""{"ts":1763931845120,"seq":-5,"type":"x"}""", RejectReason.WrongType, "seq must be a non-negative integer")]
    [InlineData("""{"ts":1763931845120,"seq":"5","type":"x"}""", RejectReason.WrongType, "seq must be a non-negative integer")]
    [InlineData("""{"ts":1763931845120,"seq":5,"type":7}""", RejectReason.WrongType, "type must be a string")]
    [InlineData("""{"ts":1763931845120,"seq":5,"type":"x","severity":3}""", RejectReason.WrongType, "severity must be a string")]
    [InlineData("""{"ts":1763931845120,"seq":5,"type":"x","message":{"text":"dark"}}""", RejectReason.WrongType, "message must be a string")]
    [InlineData("""{"ts":1763931845120,"seq":5,"type":"x","data":[1]}""", RejectReason.WrongType, "data must be an object")]
    [InlineData("""{"ts":1763931845120,"seq":5,"type":"x","data":"lamp=3"}""", RejectReason.WrongType, "data must be an object")]
    public void TryDecodeEvent_FieldAbsentOrOfWrongType_RejectsNamingTheField(string json, RejectReason expected, string detail)
    {
        var ok = PayloadDecoder.TryDecodeEvent(Utf8(json), Now, Options, out var e, out var error);

        Assert.False(ok);
        Assert.Null(e);
        Assert.Equal((expected, detail), (error.Reason, error.Detail));
    }

    [Fact]
    public void TryDecodeEvent_TenThousandLevelsInsideData_RejectsTooDeep()
    {
        var json = $$$"""{"ts":{{{Now}}},"seq":5,"type":"x","data":{"blob":{{{NestedObjects(10_000)}}}}}""";

        Assert.False(PayloadDecoder.TryDecodeEvent(Utf8(json), Now, Roomy, out _, out var error));
        Assert.Equal(RejectReason.TooDeep, error.Reason);
    }

    // ---- status -------------------------------------------------------------------------------------------

    [Fact]
    public void TryDecodeStatus_RetainedStatusOlderThanTheHorizon_Accepted()
    {
        var ok = PayloadDecoder.TryDecodeStatus(Utf8("""{"ts":5,"state":"offline","session":17,"agent":"CAB-012"}"""), Now, Options, out var status, out var error);

        Assert.True(ok, error.ToString());
        Assert.Equal(new StatusPayload(5, StatusPayload.Offline, 17, "CAB-012"), status);
        Assert.False(status!.IsOnline);
    }

    [Fact]
    public void TryDecodeStatus_Online_IsOnlineWithFirmware()
    {
        Assert.True(PayloadDecoder.TryDecodeStatus(Utf8(ValidJson(Status)), Now, Options, out var status, out _));

        Assert.True(status!.IsOnline);
        Assert.Equal("1.4.0", status.Fw);
    }

    [Theory]
    [InlineData("""{"ts":1763931845120,"state":"sleeping","session":1,"agent":"A"}""", RejectReason.OutOfRange, "state 'sleeping' is not online|offline")]
    [InlineData("""{"ts":1763931845120,"state":"Online","session":1,"agent":"A"}""", RejectReason.OutOfRange, "state 'Online' is not online|offline")]
    [InlineData("""{"ts":1763931845120,"session":1,"agent":"A"}""", RejectReason.MissingField, "state is required")]
    [InlineData("""{"ts":1763931845120,"state":"online","agent":"A"}""", RejectReason.MissingField, "session is required")]
    [InlineData("""{"ts":1763931845120,"state":"online","session":null,"agent":"A"}""", RejectReason.MissingField, "session is required")]
    [InlineData("""{"ts":1763931845120,"state":"online","session":1}""", RejectReason.MissingField, "agent is required")]
    [InlineData("""{"ts":1763931845120,"state":"online","session":"1","agent":"A"}""", RejectReason.WrongType, "session must be a non-negative integer")]
    [InlineData("""{"ts":1763931845120,"state":"online","session":-1,"agent":"A"}""", RejectReason.WrongType, "session must be a non-negative integer")]
    [InlineData("""{"ts":1763931845120,"state":"online","session":1.5,"agent":"A"}""", RejectReason.WrongType, "session must be a non-negative integer")]
    [InlineData("""{"ts":1763931845120,"state":true,"session":1,"agent":"A"}""", RejectReason.WrongType, "state must be a string")]
    [InlineData("""{"ts":1763931845120,"state":"online","session":1,"agent":12}""", RejectReason.WrongType, "agent must be a string")]
    [InlineData("""{"ts":1763931845120,"state":"online","session":1,"agent":"A","fw":1.4}""", RejectReason.WrongType, "fw must be a string")]
    public void TryDecodeStatus_FieldAbsentOrInvalid_RejectsNamingTheField(string json, RejectReason expected, string detail)
    {
        var ok = PayloadDecoder.TryDecodeStatus(Utf8(json), Now, Options, out var status, out var error);

        Assert.False(ok);
        Assert.Null(status);
        Assert.Equal((expected, detail), (error.Reason, error.Detail));
    }

    // ---- cmd ----------------------------------------------------------------------------------------------

    [Fact]
    public void TryDecodeCommand_WithArgsAndExpiry_KeepsThem()
    {
        var ok = PayloadDecoder.TryDecodeCommand(Utf8(ValidJson(Cmd)), Now, Options, out var cmd, out var error);

        Assert.True(ok, error.ToString());
        Assert.Equal((CmdId, Now, "dim", (long?)(Now + Minute)), (cmd!.Id, cmd.Ts, cmd.Action, cmd.ExpiresTs));
        Assert.Equal("""{"level":0.5}""", cmd.Args!.Value.GetRawText());
    }

    [Theory]
    [InlineData("")]
    [InlineData(",\"args\":null,\"expiresTs\":null")]
    public void TryDecodeCommand_WithoutArgsOrExpiry_DecodesThemAsNull(string optional)
    {
        var ok = PayloadDecoder.TryDecodeCommand(Utf8($$"""{"id":"c1","ts":{{Now}},"action":"ping"{{optional}}}"""), Now, Options, out var cmd, out var error);

        Assert.True(ok, error.ToString());
        Assert.Equal(("ping", (JsonElement?)null, (long?)null), (cmd!.Action, cmd.Args, cmd.ExpiresTs));
    }

    [Theory]
    [InlineData("""{"ts":1763931845120,"action":"dim"}""", RejectReason.MissingField, "id is required")]
    [InlineData("""{"id":"c1","ts":1763931845120}""", RejectReason.MissingField, "action is required")]
    [InlineData("""{"id":42,"ts":1763931845120,"action":"dim"}""", RejectReason.WrongType, "id must be a string")]
    [InlineData("""{"id":"c1","ts":1763931845120,"action":["dim"]}""", RejectReason.WrongType, "action must be a string")]
    [InlineData("""{"id":"c1","ts":1763931845120,"action":"dim","args":5}""", RejectReason.WrongType, "args must be an object")]
    [InlineData("""{"id":"c1","ts":1763931845120,"action":"dim","args":[0.5]}""", RejectReason.WrongType, "args must be an object")]
    [InlineData("""{"id":"c1","ts":1763931845120,"action":"dim","expiresTs":"soon"}""", RejectReason.WrongType, "expiresTs must be an integer")]
    [InlineData("""{"id":"c1","ts":1763931845120,"action":"dim","expiresTs":1763931905120.5}""", RejectReason.WrongType, "expiresTs must be an integer")]
    public void TryDecodeCommand_FieldAbsentOrOfWrongType_RejectsNamingTheField(string json, RejectReason expected, string detail)
    {
        var ok = PayloadDecoder.TryDecodeCommand(Utf8(json), Now, Options, out var cmd, out var error);

        Assert.False(ok);
        Assert.Null(cmd);
        Assert.Equal((expected, detail), (error.Reason, error.Detail));
    }

    // ---- cmd-ack ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("\"ok\":true", true, null)]
    [InlineData("\"ok\":true,\"error\":null", true, null)]
    [InlineData("\"ok\":false,\"error\":\"expired\"", false, "expired")]
    public void TryDecodeCommandAck_Valid_KeepsOkAndError(string fields, bool expectedOk, string? expectedError)
    {
        var ok = PayloadDecoder.TryDecodeCommandAck(Utf8($$"""{"id":"{{CmdId}}","ts":{{Now}},{{fields}}}"""), Now, Options, out var ack, out var error);

        Assert.True(ok, error.ToString());
        Assert.Equal(new CommandAckPayload(CmdId, Now, expectedOk, expectedError), ack);
    }

    [Theory]
    [InlineData("""{"id":"c1","ts":1763931845120}""", RejectReason.MissingField, "ok")]
    [InlineData("""{"id":"c1","ts":1763931845120,"ok":null}""", RejectReason.MissingField, "ok")]
    [InlineData("""{"ts":1763931845120,"ok":true}""", RejectReason.MissingField, "id")]
    [InlineData("""{"id":7,"ts":1763931845120,"ok":true}""", RejectReason.WrongType, "id")]
    [InlineData("""{"id":"c1","ts":1763931845120,"ok":false,"error":404}""", RejectReason.WrongType, "error")]
    public void TryDecodeCommandAck_FieldAbsentOrOfWrongType_RejectsNamingTheField(string json, RejectReason expected, string field)
    {
        var ok = PayloadDecoder.TryDecodeCommandAck(Utf8(json), Now, Options, out var ack, out var error);

        Assert.False(ok);
        Assert.Null(ack);
        Assert.Equal(expected, error.Reason);
        Assert.StartsWith(field + " ", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("1")]
    [InlineData("{}")]
    public void TryDecodeCommandAck_OkNotABoolean_RejectsNamingOk(string okJson)
    {
        var ok = PayloadDecoder.TryDecodeCommandAck(Utf8($$"""{"id":"c1","ts":{{Now}},"ok":{{okJson}}}"""), Now, Options, out var ack, out var error);

        Assert.False(ok);
        Assert.Null(ack);
        // Today this reports missing_field ("ok (boolean) is required"); wrong_type would match the other fields.
        Assert.Contains(error.Reason, new[] { RejectReason.MissingField, RejectReason.WrongType });
        Assert.StartsWith("ok ", error.Detail, StringComparison.Ordinal);
    }
}
