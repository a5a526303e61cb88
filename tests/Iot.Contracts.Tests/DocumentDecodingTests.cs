using System.Text.Json;
using static Iot.Contracts.Tests.TestPayloads;

namespace Iot.Contracts.Tests;

public sealed class DocumentDecodingTests
{
    private static readonly ValidationOptions Options = ValidationOptions.Default;

    [Fact]
    public void TryDecodeEvent_Valid_KeepsTypeSeverityAndData()
    {
        var ok = PayloadDecoder.TryDecodeEvent(Utf8($$$"""{"ts":{{{Now}}},"seq":5,"type":"lampFailure","severity":"high","message":"lamp 3 dark","data":{"lamp":3}}"""), Now, Options, out var e, out var error);
        Assert.True(ok, error.ToString());
        Assert.Equal("lampFailure", e!.Type);
        Assert.Equal("high", e.Severity);
        Assert.Equal(3, e.Data!.Value.GetProperty("lamp").GetInt32());
    }

    [Theory]
    [InlineData("""{"seq":5,"type":"x"}""", RejectReason.MissingTs)]
    [InlineData("""{"ts":1763931845120,"type":"x"}""", RejectReason.MissingSeq)]
    [InlineData("""{"ts":1763931845120,"seq":5}""", RejectReason.MissingField)]
    [InlineData("""{"ts":1763931845120,"seq":5,"type":"x","severity":"extreme"}""", RejectReason.OutOfRange)]
    [InlineData("""{"ts":1763931845120,"seq":5,"type":7}""", RejectReason.WrongType)]
    [InlineData("""{"ts":1763931845120,"seq":5,"type":"x","data":[1]}""", RejectReason.WrongType)]
    [InlineData("""{"ts":9763931845120,"seq":5,"type":"x"}""", RejectReason.TsInFuture)]
    [InlineData("""{"ts":5,"seq":5,"type":"x"}""", RejectReason.TsTooOld)]
    [InlineData("""{"ts":1763931845120,"seq":5,"type":"x","data":{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":{"j":{"k":{"l":{"m":{"n":{"o":{"p":{"q":1}}}}}}}}}}}}}}}}}}""", RejectReason.TooDeep)]
    [InlineData("""{"ts":1763931845120,"seq":5,"type":"x""", RejectReason.NotJson)]
    public void TryDecodeEvent_Invalid_RejectsWithReason(string json, RejectReason expected)
    {
        Assert.False(PayloadDecoder.TryDecodeEvent(Utf8(json), Now, Options, out _, out var error));
        Assert.Equal(expected, error.Reason);
        Assert.NotEmpty(error.Detail);
    }

    [Fact]
    public void TryDecodeStatus_OldRetainedStatus_AcceptedButFutureRefused()
    {
        Assert.True(PayloadDecoder.TryDecodeStatus(Utf8("""{"ts":5,"state":"offline","session":17,"agent":"CAB-012"}"""), Now, Options, out var status, out _));
        Assert.False(status!.IsOnline);
        Assert.Equal(17, status.Session);
        Assert.False(PayloadDecoder.TryDecodeStatus(Utf8("""{"ts":9763931845120,"state":"online","session":1,"agent":"A"}"""), Now, Options, out _, out var error));
        Assert.Equal(RejectReason.TsInFuture, error.Reason);
    }

    [Theory]
    [InlineData("""{"ts":1763931845120,"state":"sleeping","session":1,"agent":"A"}""", RejectReason.OutOfRange)]
    [InlineData("""{"ts":1763931845120,"state":"online","agent":"A"}""", RejectReason.MissingField)]
    [InlineData("""{"ts":1763931845120,"state":"online","session":1}""", RejectReason.MissingField)]
    [InlineData("""{"ts":1763931845120,"session":1,"agent":"A"}""", RejectReason.MissingField)]
    [InlineData("""{"state":"online","session":1,"agent":"A"}""", RejectReason.MissingTs)]
    [InlineData("""{"ts":1763931845120,"state":"online","session":"1","agent":"A"}""", RejectReason.WrongType)]
    public void TryDecodeStatus_Invalid_RejectsWithReason(string json, RejectReason expected)
    {
        Assert.False(PayloadDecoder.TryDecodeStatus(Utf8(json), Now, Options, out _, out var error));
        Assert.Equal(expected, error.Reason);
    }

    [Theory]
    [InlineData("""{"id":"c1","ts":1763931845120}""", RejectReason.MissingField)]
    [InlineData("""{"id":"c1","ts":1763931845120,"ok":"yes"}""", RejectReason.MissingField)]
    [InlineData("""{"ts":1763931845120,"ok":true}""", RejectReason.MissingField)]
    [InlineData("""{"id":"c1","ok":true}""", RejectReason.MissingTs)]
    public void TryDecodeCommandAck_Invalid_RejectsWithReason(string json, RejectReason expected)
    {
        Assert.False(PayloadDecoder.TryDecodeCommandAck(Utf8(json), Now, Options, out _, out var error));
        Assert.Equal(expected, error.Reason);
    }

    [Theory]
    [InlineData("""{"ts":1763931845120,"action":"dim"}""", RejectReason.MissingField)]
    [InlineData("""{"id":"c1","ts":1763931845120,"action":"dim","args":5}""", RejectReason.WrongType)]
    [InlineData("""{"id":"c1","ts":1763931845120,"action":"dim","expiresTs":"soon"}""", RejectReason.WrongType)]
    public void TryDecodeCommand_Invalid_RejectsWithReason(string json, RejectReason expected)
    {
        Assert.False(PayloadDecoder.TryDecodeCommand(Utf8(json), Now, Options, out _, out var error));
        Assert.Equal(expected, error.Reason);
    }

    [Fact]
    public void TryDecodeCommand_Valid_KeepsArgsAndExpiry()
    {
        Assert.True(PayloadDecoder.TryDecodeCommand(Utf8($$$"""{"id":"c1","ts":{{{Now}}},"action":"dim","args":{"level":0.5},"expiresTs":{{{Now + 60_000}}}}"""), Now, Options, out var cmd, out _));
        Assert.Equal(0.5, cmd!.Args!.Value.GetProperty("level").GetDouble());
        Assert.Equal(Now + 60_000, cmd.ExpiresTs);
        Assert.Equal(JsonValueKind.Object, cmd.Args.Value.ValueKind);
    }
}
