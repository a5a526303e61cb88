using Iot.Hub.Detection;

namespace Iot.Hub.Tests.Detection;

public sealed class CabinetRulesTests
{
    private const string Cabinet = "CAB-001";
    private const string Key = "cabinet_supply_loss:CAB-001";

    private static string[] Lamps => [.. RulesHarness.Demo.Value.FindAgent(Cabinet)!.Devices.Where(d => d.StartsWith("LAMP", StringComparison.Ordinal))];

    [Fact]
    public void VoltageLost_OneCabinetProblem_LampsLinkedToIt_ClearedWhenBack()
    {
        using var h = new RulesHarness(RulesHarness.Evening);
        h.Agent(Cabinet, online: true);
        foreach (var lamp in Lamps)
        {
            h.Telemetry(lamp, ("powerState", "on"), ("powerConsumption", 48.0), ("voltage", 230.0));
        }

        h.Advance(TimeSpan.FromMinutes(1));
        h.Telemetry(Cabinet, ("voltage", 0.8), ("powerState", "off"));
        var cabinet = Assert.Single(h.Sink.RaisedFor(Key));
        Assert.Equal(Cabinet, cabinet.GroupId);
        Assert.Equal(h.Now, cabinet.AtMs);
        foreach (var lamp in Lamps)
        {
            h.Telemetry(lamp, ("powerState", "off"), ("powerConsumption", 0.0), ("voltage", 0.0));
        }

        h.Advance(TimeSpan.FromMinutes(h.Options.Streetlight.FailureMinutes));
        Assert.Single(h.Sink.RaisedFor(Key));
        var lampProblems = h.Sink.Raised.Where(s => s.DeviceId is { } d && d.StartsWith("LAMP-001-", StringComparison.Ordinal)).ToList();
        Assert.Equal(Lamps.Length, lampProblems.Count);
        Assert.All(lampProblems, s => Assert.Equal(Key, s.ParentKey));

        h.Telemetry(Cabinet, ("voltage", 231.0), ("powerState", "on"));
        foreach (var lamp in Lamps)
        {
            h.Telemetry(lamp, ("powerState", "on"), ("powerConsumption", 48.0), ("voltage", 230.0));
        }

        Assert.Equal(["+" + Key, "-" + Key], h.Sink.History(Key));
        Assert.Equal(Lamps.Length, h.Sink.Cleared.Count(c => c.Key.StartsWith("lamp_out_at_night:LAMP-001-", StringComparison.Ordinal)));
    }

    [Fact]
    public void VoltageExactlyAtTheThreshold_IsASupplyLoss_JustAbove_IsNot()
    {
        using var h = new RulesHarness(RulesHarness.Evening);
        h.Agent(Cabinet, online: true);
        h.Telemetry(Cabinet, ("voltage", h.Options.Cabinet.SupplyLossVoltage + 0.1));
        Assert.Empty(h.Sink.RaisedFor(Key));
        h.Telemetry(Cabinet, ("voltage", h.Options.Cabinet.SupplyLossVoltage));
        Assert.Single(h.Sink.RaisedFor(Key));
    }

    [Fact]
    public void SupplyLossEvent_RaisesTheCabinetProblem()
    {
        using var h = new RulesHarness(RulesHarness.Evening);
        h.Agent(Cabinet, online: true);
        h.Event(Cabinet, "supplyLoss");
        Assert.Single(h.Sink.RaisedFor(Key));
    }

    [Fact]
    public void MostLampsFailingWithinAFewMinutes_OneCabinetProblem_RaisedBeforeTheLamps()
    {
        using var h = new RulesHarness(RulesHarness.Evening);
        h.Agent(Cabinet, online: true);
        var lamps = Lamps;
        var threshold = (int)Math.Ceiling(h.Options.Cabinet.LampFailureShare * lamps.Length);
        for (var i = 0; i < threshold - 1; i++)
        {
            h.Telemetry(lamps[i], ("powerState", "off"), ("powerConsumption", 0.0));
            h.Advance(TimeSpan.FromSeconds(2));
        }

        Assert.Empty(h.Sink.RaisedFor(Key));
        h.Telemetry(lamps[threshold - 1], ("powerState", "off"), ("powerConsumption", 0.0));
        Assert.Single(h.Sink.RaisedFor(Key));
        Assert.DoesNotContain(h.Sink.Raised, s => s.Rule == "lamp_out_at_night");

        h.Advance(TimeSpan.FromMinutes(h.Options.Streetlight.FailureMinutes));
        var lampProblems = h.Sink.Raised.Where(s => s.Rule == "lamp_out_at_night").ToList();
        Assert.Equal(threshold, lampProblems.Count);
        Assert.All(lampProblems, s => Assert.Equal(Key, s.ParentKey));
        Assert.Single(h.Sink.RaisedFor(Key));
    }

    [Fact]
    public void FewLampsFailing_NoCabinetProblem_LampsOnTheirOwn()
    {
        using var h = new RulesHarness(RulesHarness.Evening);
        h.Agent(Cabinet, online: true);
        var lamps = Lamps;
        var threshold = (int)Math.Ceiling(h.Options.Cabinet.LampFailureShare * lamps.Length);
        for (var i = 0; i < threshold - 1; i++)
        {
            h.Telemetry(lamps[i], ("powerState", "off"), ("powerConsumption", 0.0));
        }

        h.Advance(TimeSpan.FromMinutes(h.Options.Streetlight.FailureMinutes));
        Assert.Empty(h.Sink.RaisedFor(Key));
        Assert.Equal(threshold - 1, h.Sink.Raised.Count(s => s.Rule == "lamp_out_at_night" && s.ParentKey is null));
    }

    [Fact]
    public void LampsFailingSpreadOverHours_NoCabinetProblem()
    {
        using var h = new RulesHarness(RulesHarness.Evening);
        h.Agent(Cabinet, online: true);
        var lamps = Lamps;
        var window = TimeSpan.FromSeconds(h.Options.Cabinet.LampFailureWindowSeconds);
        for (var i = 0; i < lamps.Length * 3 / 4; i++)
        {
            h.Telemetry(lamps[i], ("status", "defectiveLamp"));
            h.Advance(window / 20); // 20 per window: under half of 44 in any window
        }

        Assert.Empty(h.Sink.RaisedFor(Key));
    }
}
