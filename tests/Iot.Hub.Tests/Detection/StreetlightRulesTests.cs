using Iot.City;
using Iot.Hub.Detection;

namespace Iot.Hub.Tests.Detection;

public sealed class StreetlightRulesTests
{
    private const string Lamp = "LAMP-001-01"; // rated 48 W
    private const double Rated = 48;

    private static RulesHarness Started(DateTimeOffset at)
    {
        var h = new RulesHarness(at);
        h.Agent("CAB-001", online: true);
        return h;
    }

    [Fact]
    public void SunsetAtDemoCoordinates_IsLateAfternoonUtcInNovember()
    {
        var commune = RulesHarness.Demo.Value.City.Communes.Single();
        var day = SolarClock.Compute(new DateOnly(2026, 11, 23), commune.Latitude, commune.Longitude);
        Assert.InRange(day.Sunset!.Value, new DateTimeOffset(2026, 11, 23, 15, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 23, 16, 30, 0, TimeSpan.Zero));
        Assert.InRange(day.Sunrise!.Value, new DateTimeOffset(2026, 11, 23, 6, 15, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 23, 7, 15, 0, TimeSpan.Zero));
    }

    [Fact]
    public void LampOffInTheAfternoon_RaisedOnlyAtSunsetPlusOffsetPlusFailureTime()
    {
        var commune = RulesHarness.Demo.Value.City.Communes.Single();
        var sunset = SolarClock.Compute(new DateOnly(2026, 11, 23), commune.Latitude, commune.Longitude).Sunset!.Value;
        using var h = Started(new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero));
        h.Telemetry(Lamp, ("powerState", "off"), ("powerConsumption", 0.0));
        var options = h.Options.Streetlight;
        var due = sunset.ToUnixTimeMilliseconds() + ((options.SunsetOffsetMinutes + options.FailureMinutes) * 60_000L);

        // Keep the lamp's agent and silence out of the way: the cabinet and the lamp report as usual, still off.
        for (var t = h.Now + 600_000; t < due - 1; t += 600_000)
        {
            h.AdvanceTo(t);
            h.Telemetry(Lamp, ("powerState", "off"), ("powerConsumption", 0.0));
        }

        h.AdvanceTo(due - 1);
        Assert.Empty(h.Sink.RaisedFor("lamp_out_at_night:" + Lamp));
        h.AdvanceMs(1);
        Assert.Equal(due, Assert.Single(h.Sink.RaisedFor("lamp_out_at_night:" + Lamp)).AtMs);
    }

    [Fact]
    public void LampOffAtNight_RaisedAfterFailureMinutes_ClearedWhenLit()
    {
        using var h = Started(RulesHarness.Evening);
        var reportedAt = h.Now;
        h.Telemetry(Lamp, ("powerState", "off"), ("powerConsumption", 0.0));
        var due = reportedAt + (h.Options.Streetlight.FailureMinutes * 60_000L);
        h.AdvanceTo(due - 1);
        Assert.Empty(h.Sink.RaisedFor("lamp_out_at_night:" + Lamp));
        h.AdvanceMs(1);
        var signal = Assert.Single(h.Sink.RaisedFor("lamp_out_at_night:" + Lamp));
        Assert.Equal(due, signal.AtMs);
        Assert.Equal(Lamp, signal.DeviceId);
        Assert.Null(signal.ParentKey);

        h.Telemetry(Lamp, ("powerState", "on"), ("powerConsumption", Rated));
        Assert.Equal(["+lamp_out_at_night:" + Lamp, "-lamp_out_at_night:" + Lamp], h.Sink.History("lamp_out_at_night:" + Lamp));
    }

    [Fact]
    public void LowPower_UnderTheRatio_RaisedAfterFailureMinutes_ExactlyAtTheRatio_Not()
    {
        using var h = Started(RulesHarness.Evening);
        var ratio = h.Options.Streetlight.LowPowerRatio;
        h.Telemetry(Lamp, ("powerState", "on"), ("powerConsumption", ratio * Rated));
        h.Telemetry("LAMP-001-02", ("powerState", "on"), ("powerConsumption", (ratio * Rated) - 0.1));
        var due = h.Now + (h.Options.Streetlight.FailureMinutes * 60_000L);
        h.AdvanceTo(due - 1);
        Assert.Empty(h.Sink.RaisedFor("lamp_low_power:LAMP-001-02"));
        h.AdvanceMs(1);
        Assert.Equal(due, Assert.Single(h.Sink.RaisedFor("lamp_low_power:LAMP-001-02")).AtMs);
        Assert.Empty(h.Sink.RaisedFor("lamp_low_power:" + Lamp));

        h.Telemetry("LAMP-001-02", ("powerState", "on"), ("powerConsumption", Rated));
        Assert.Single(h.Sink.Cleared, c => c.Key == "lamp_low_power:LAMP-001-02");
    }

    [Fact]
    public void DimmedLamp_ComparedWithItsDimLevel()
    {
        using var h = Started(RulesHarness.Evening);
        // Dimmed to 50 %: 13 W is above half of 24 W; 10 W is not.
        h.Telemetry(Lamp, ("powerState", "low"), ("illuminanceLevel", 0.5), ("powerConsumption", 13.0));
        h.Telemetry("LAMP-001-02", ("powerState", "low"), ("illuminanceLevel", 0.5), ("powerConsumption", 10.0));
        h.Advance(TimeSpan.FromMinutes(h.Options.Streetlight.FailureMinutes));
        Assert.Empty(h.Sink.RaisedFor("lamp_low_power:" + Lamp));
        Assert.Single(h.Sink.RaisedFor("lamp_low_power:LAMP-001-02"));
    }

    [Fact]
    public void DayBurning_LitInDaylightOver30Minutes_ClearedWhenSwitchedOff()
    {
        using var h = Started(RulesHarness.Midday);
        h.Telemetry(Lamp, ("powerState", "on"), ("powerConsumption", Rated));
        var due = h.Now + (h.Options.Streetlight.DayBurningMinutes * 60_000L);
        h.AdvanceTo(due - 1);
        Assert.Empty(h.Sink.RaisedFor("day_burning:" + Lamp));
        h.AdvanceMs(1);
        Assert.Equal(due, Assert.Single(h.Sink.RaisedFor("day_burning:" + Lamp)).AtMs);
        h.Telemetry(Lamp, ("powerState", "off"), ("powerConsumption", 0.0));
        Assert.Equal(["+day_burning:" + Lamp, "-day_burning:" + Lamp], h.Sink.History("day_burning:" + Lamp));
    }

    [Fact]
    public void DayBurning_ClearedWhenNightFalls()
    {
        var commune = RulesHarness.Demo.Value.City.Communes.Single();
        var sunset = SolarClock.Compute(new DateOnly(2026, 11, 23), commune.Latitude, commune.Longitude).Sunset!.Value;
        using var h = Started(sunset.AddHours(-2));
        h.Telemetry(Lamp, ("powerState", "on"), ("powerConsumption", Rated));
        h.Advance(TimeSpan.FromMinutes(40));
        Assert.Single(h.Sink.RaisedFor("day_burning:" + Lamp));
        h.AdvanceTo(sunset.ToUnixTimeMilliseconds() + (h.Options.Streetlight.SunsetOffsetMinutes * 60_000L));
        Assert.Equal(["+day_burning:" + Lamp, "-day_burning:" + Lamp], h.Sink.History("day_burning:" + Lamp));
    }

    [Fact]
    public void LampFailureEvent_RaisedAtOnce_ClearedWhenStatusOk()
    {
        using var h = Started(RulesHarness.Evening);
        h.Event(Lamp, "lampFailure");
        var signal = Assert.Single(h.Sink.RaisedFor("lamp_fault:" + Lamp));
        Assert.Equal(h.Now, signal.AtMs);
        h.Telemetry(Lamp, ("status", "defectiveLamp"), ("powerState", "on"), ("powerConsumption", 0.5));
        Assert.Single(h.Sink.RaisedFor("lamp_fault:" + Lamp)); // still the same problem: no second raise
        h.Telemetry(Lamp, ("status", "ok"), ("powerState", "on"), ("powerConsumption", Rated));
        Assert.Equal(["+lamp_fault:" + Lamp, "-lamp_fault:" + Lamp], h.Sink.History("lamp_fault:" + Lamp));
    }

    [Fact]
    public void DefectiveLampStatus_RaisedAtOnce()
    {
        using var h = Started(RulesHarness.Midday);
        h.Telemetry(Lamp, ("status", "defectiveLamp"));
        Assert.Equal(h.Now, Assert.Single(h.Sink.RaisedFor("lamp_fault:" + Lamp)).AtMs);
    }

    [Fact]
    public void Flapping_LampFaultOnAndOff_OneRaiseAndOneClearPerEpisode()
    {
        using var h = Started(RulesHarness.Evening);
        for (var i = 0; i < 3; i++)
        {
            h.Telemetry(Lamp, ("status", "defectiveLamp"));
            h.Telemetry(Lamp, ("status", "defectiveLamp"));
            h.Advance(TimeSpan.FromSeconds(30));
            h.Telemetry(Lamp, ("status", "ok"));
            h.Advance(TimeSpan.FromSeconds(30));
        }

        var key = "lamp_fault:" + Lamp;
        Assert.Equal(["+" + key, "-" + key, "+" + key, "-" + key, "+" + key, "-" + key], h.Sink.History(key));
    }
}
