namespace Iot.Contracts.Tests;

public sealed class RejectReasonsTests
{
    [Fact]
    public void ToWire_EveryReason_HasADistinctSnakeCaseName()
    {
        var names = RejectReasons.All.Select(r => r.ToWire()).ToList();

        Assert.Equal(Enum.GetValues<RejectReason>().Length, names.Count);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.Matches("^[a-z0-9_]+$", n));
    }

    [Theory]
    [InlineData(RejectReason.PayloadTooLarge, "payload_too_large")]
    [InlineData(RejectReason.NotUtf8, "not_utf8")]
    [InlineData(RejectReason.TsInFuture, "ts_in_future")]
    [InlineData(RejectReason.UnknownService, "unknown_service")]
    public void ToWire_KnownReason_GivesItsStableName(RejectReason reason, string wire) =>
        Assert.Equal(wire, reason.ToWire());

    [Fact]
    public void ValidationError_ToString_StartsWithTheWireName() =>
        Assert.Equal("out_of_range: metric 'lat' = 91", new ValidationError(RejectReason.OutOfRange, "metric 'lat' = 91").ToString());
}
