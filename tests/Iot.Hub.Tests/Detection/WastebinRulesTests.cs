namespace Iot.Hub.Tests.Detection;

public sealed class WastebinRulesTests
{
    private const string Bin = "BIN-0001";

    private static RulesHarness Started()
    {
        var h = new RulesHarness(RulesHarness.Midday);
        h.Agent("GW-01", online: true);
        return h;
    }

    [Fact]
    public void FillExactlyAtCollectionLevel_RequestsCollection_ClearedWhenEmptied()
    {
        using var h = Started();
        h.Telemetry(Bin, ("fillingLevel", 0.79));
        Assert.Empty(h.Sink.RaisedFor("bin_collection:" + Bin));
        h.Telemetry(Bin, ("fillingLevel", 0.8));
        var signal = Assert.Single(h.Sink.RaisedFor("bin_collection:" + Bin));
        Assert.Equal(Iot.Contracts.ServiceKind.Wastebin, signal.Service);
        h.Telemetry(Bin, ("fillingLevel", 0.85));
        h.Telemetry(Bin, ("fillingLevel", 0.05));
        Assert.Equal(["+bin_collection:" + Bin, "-bin_collection:" + Bin], h.Sink.History("bin_collection:" + Bin));
    }

    [Fact]
    public void FullForOverTwoHours_Overflow_AtTheDeadline()
    {
        using var h = Started();
        h.Telemetry(Bin, ("fillingLevel", 1.0));
        var due = h.Now + (h.Options.Wastebin.OverflowMinutes * 60_000L);
        h.AdvanceTo(due - 1);
        Assert.Empty(h.Sink.RaisedFor("bin_overflow:" + Bin));
        h.AdvanceMs(1);
        Assert.Equal(due, Assert.Single(h.Sink.RaisedFor("bin_overflow:" + Bin)).AtMs);
        h.Telemetry(Bin, ("fillingLevel", 0.1));
        Assert.Equal(["+bin_overflow:" + Bin, "-bin_overflow:" + Bin], h.Sink.History("bin_overflow:" + Bin));
    }

    [Fact]
    public void FullThenBelowThenFull_TheOverflowClockStartsAgain()
    {
        using var h = Started();
        h.Telemetry(Bin, ("fillingLevel", 1.0));
        h.Advance(TimeSpan.FromMinutes(90));
        h.Telemetry(Bin, ("fillingLevel", 0.99));
        h.Telemetry(Bin, ("fillingLevel", 1.0));
        h.Advance(TimeSpan.FromMinutes(90));
        Assert.Empty(h.Sink.RaisedFor("bin_overflow:" + Bin));
        h.Advance(TimeSpan.FromMinutes(30));
        Assert.Single(h.Sink.RaisedFor("bin_overflow:" + Bin));
    }

    [Fact]
    public void TemperatureAbove70_OrBurning_IsACriticalFire()
    {
        using var h = Started();
        h.Telemetry(Bin, ("temperature", 70.0));
        Assert.Empty(h.Sink.RaisedFor("bin_fire:" + Bin));
        h.Telemetry(Bin, ("temperature", 70.1));
        var signal = Assert.Single(h.Sink.RaisedFor("bin_fire:" + Bin));
        Assert.Equal("critical", signal.Severity);
        h.Telemetry(Bin, ("temperature", 20.0), ("status", "ok"));
        h.Telemetry("BIN-0002", ("status", "burning"), ("temperature", 40.0));
        Assert.Single(h.Sink.RaisedFor("bin_fire:BIN-0002"));
        Assert.Equal(["+bin_fire:" + Bin, "-bin_fire:" + Bin], h.Sink.History("bin_fire:" + Bin));
    }

    [Fact]
    public void FireEvent_RaisedAtOnce()
    {
        using var h = Started();
        h.Event(Bin, "fire");
        Assert.Single(h.Sink.RaisedFor("bin_fire:" + Bin));
    }

    [Theory]
    [InlineData("dropped")]
    [InlineData("moved")]
    [InlineData("vandalized")]
    public void DamageStatus_RaisedAtOnce_ClearedWhenOk(string status)
    {
        using var h = Started();
        h.Telemetry(Bin, ("status", "lidOpen"));
        Assert.Empty(h.Sink.RaisedFor("bin_damaged:" + Bin));
        h.Telemetry(Bin, ("status", status));
        Assert.Contains(status, Assert.Single(h.Sink.RaisedFor("bin_damaged:" + Bin)).Summary, StringComparison.Ordinal);
        h.Telemetry(Bin, ("status", "ok"));
        Assert.Equal(["+bin_damaged:" + Bin, "-bin_damaged:" + Bin], h.Sink.History("bin_damaged:" + Bin));
    }

    [Fact]
    public void BatteryUnder15Percent_Maintenance_ExactlyAt15_Not()
    {
        using var h = Started();
        h.Telemetry(Bin, ("batteryLevel", 0.15));
        Assert.Empty(h.Sink.RaisedFor("low_battery:" + Bin));
        h.Telemetry(Bin, ("batteryLevel", 0.149));
        Assert.Equal("low", Assert.Single(h.Sink.RaisedFor("low_battery:" + Bin)).Severity);
        h.Telemetry(Bin, ("batteryLevel", 0.9));
        Assert.Equal(["+low_battery:" + Bin, "-low_battery:" + Bin], h.Sink.History("low_battery:" + Bin));
    }

    [Fact]
    public void Flapping_FillAroundTheLevel_RaiseClearPairs_NoDuplicateWhilePresent()
    {
        using var h = Started();
        for (var i = 0; i < 3; i++)
        {
            h.Telemetry(Bin, ("fillingLevel", 0.85));
            h.Telemetry(Bin, ("fillingLevel", 0.9));
            h.Advance(TimeSpan.FromMinutes(5));
            h.Telemetry(Bin, ("fillingLevel", 0.5));
            h.Advance(TimeSpan.FromMinutes(5));
        }

        var key = "bin_collection:" + Bin;
        Assert.Equal(["+" + key, "-" + key, "+" + key, "-" + key, "+" + key, "-" + key], h.Sink.History(key));
    }

    [Fact]
    public void SilentBin_PastItsIntervalTimesK_ExactlyAtTheDeadline()
    {
        using var h = Started();
        h.Telemetry(Bin, ("fillingLevel", 0.2));
        var due = h.Now + h.Options.Wastebin.SilenceWindowMs;
        h.AdvanceTo(due - 1);
        Assert.Empty(h.Sink.RaisedFor("device_silent:" + Bin));
        h.AdvanceMs(1);
        Assert.Equal(due, Assert.Single(h.Sink.RaisedFor("device_silent:" + Bin)).AtMs);
        h.Telemetry(Bin, ("fillingLevel", 0.2));
        Assert.Equal(["+device_silent:" + Bin, "-device_silent:" + Bin], h.Sink.History("device_silent:" + Bin));
    }
}
