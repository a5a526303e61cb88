using Iot.Hub.Detection;

namespace Iot.Hub.Tests.Detection;

public sealed class CommLostRulesTests
{
    private const string Agent = "CAB-001";
    private const string Key = "comm_lost:CAB-001";

    [Fact]
    public void AbruptDisconnect_RaisedAfterTheSettleTime_DatedAtTheLoss_ClearedOnReturn()
    {
        using var h = new RulesHarness(RulesHarness.Evening);
        h.Agent(Agent, online: true);
        var lostAt = h.Now;
        h.Agent(Agent, online: false, clean: false);

        h.AdvanceMs(h.Options.AbruptSettleMilliseconds - 1);
        Assert.Empty(h.Sink.RaisedFor(Key));
        h.AdvanceMs(1);
        var signal = Assert.Single(h.Sink.RaisedFor(Key));
        Assert.Equal(lostAt, signal.AtMs);
        Assert.Equal("CAB-001", signal.GroupId);
        Assert.Equal(Iot.Contracts.ServiceKind.Cabinet, signal.Service);

        // The Last Will arriving after the broker's disconnect event changes nothing.
        h.Agent(Agent, online: false, clean: false);
        Assert.Single(h.Sink.RaisedFor(Key));

        h.Advance(TimeSpan.FromMinutes(1));
        h.Agent(Agent, online: true);
        Assert.Equal(["+" + Key, "-" + Key], h.Sink.History(Key));
        Assert.Equal(h.Now, h.Sink.Cleared.Single(c => c.Key == Key).AtMs);
    }

    [Fact]
    public void CleanDisconnect_BackWithinGrace_NoProblem()
    {
        using var h = new RulesHarness(RulesHarness.Evening);
        h.Agent(Agent, online: true);
        h.Agent(Agent, online: false, clean: true);
        h.AdvanceMs((h.Options.CleanDisconnectGraceSeconds * 1000L) - 1);
        h.Agent(Agent, online: true);
        h.Advance(TimeSpan.FromHours(1));
        Assert.Empty(h.Sink.History(Key));
    }

    [Fact]
    public void CleanDisconnect_NotBackWithinGrace_RaisedExactlyAtTheGraceDeadline()
    {
        using var h = new RulesHarness(RulesHarness.Evening);
        h.Agent(Agent, online: true);
        var deadline = h.Now + (h.Options.CleanDisconnectGraceSeconds * 1000L);
        h.Agent(Agent, online: false, clean: true);
        h.AdvanceTo(deadline - 1);
        Assert.Empty(h.Sink.RaisedFor(Key));
        h.AdvanceMs(1);
        Assert.Equal(deadline, Assert.Single(h.Sink.RaisedFor(Key)).AtMs);
    }

    [Fact]
    public void GoodbyeStatusThenCleanDisconnect_CountsAsClean()
    {
        using var h = new RulesHarness(RulesHarness.Evening);
        h.Agent(Agent, online: true);
        h.Agent(Agent, online: false, clean: false); // the agent's own offline status, reported as a loss
        h.AdvanceMs(50);
        h.Agent(Agent, online: false, clean: true); // its DISCONNECT a moment later
        h.Advance(TimeSpan.FromSeconds(h.Options.CleanDisconnectGraceSeconds - 1));
        Assert.Empty(h.Sink.RaisedFor(Key));
    }

    [Fact]
    public void AgentDown_ItsDevicesAreUnknown_NoSilenceProblems()
    {
        using var h = new RulesHarness(RulesHarness.Evening);
        h.Agent(Agent, online: true);
        h.Telemetry("LAMP-001-01", ("powerState", "on"), ("powerConsumption", 48.0));
        h.Agent(Agent, online: false);
        h.Advance(TimeSpan.FromHours(3));
        Assert.Single(h.Sink.RaisedFor(Key));
        Assert.DoesNotContain(h.Sink.Raised, s => s.DeviceId is { } d && RulesHarness.Demo.Value.FindDevice(d)!.Agent == Agent);
    }

    [Fact]
    public void DeviceAlreadySilent_WhenItsAgentIsLost_IsLinkedToTheAgentsProblem()
    {
        var options = new DetectionOptions();
        using var h = new RulesHarness(RulesHarness.Evening, options);
        h.Agent(Agent, online: true);
        var windowMs = options.Streetlight.SilenceWindowMs;
        // The agent is connected but its lamps never report: each falls silent after its window.
        h.Advance(TimeSpan.FromMilliseconds(windowMs + 1));
        var silent = h.Sink.RaisedFor("device_silent:LAMP-001-01");
        Assert.Single(silent);
        Assert.Null(silent[0].ParentKey);

        h.Agent(Agent, online: false);
        h.AdvanceMs(h.Options.AbruptSettleMilliseconds);
        Assert.Equal(Key, h.Sink.RaisedFor("device_silent:LAMP-001-01")[^1].ParentKey);
    }

    [Fact]
    public void AgentNeverHeardFromSinceStart_OneCommLostInsteadOfOnePerDevice()
    {
        using var h = new RulesHarness(RulesHarness.Evening);
        var start = h.Now;
        var cabinetWindow = h.Options.Cabinet.SilenceWindowMs;
        h.AdvanceTo(start + cabinetWindow - 1);
        Assert.Empty(h.Sink.RaisedFor(Key));
        h.AdvanceMs(1);
        var signal = Assert.Single(h.Sink.RaisedFor(Key));
        Assert.Equal(start + cabinetWindow, signal.AtMs);
        Assert.Contains("since the hub started", signal.Summary, StringComparison.Ordinal);

        h.Advance(TimeSpan.FromHours(2));
        Assert.DoesNotContain(h.Sink.Raised, s => s.Rule == "device_silent" && s.DeviceId!.StartsWith("LAMP-001-", StringComparison.Ordinal));

        // A message from one of its devices proves the agent is back.
        h.Telemetry("CAB-001", ("voltage", 231.0));
        Assert.Equal(["+" + Key, "-" + Key], h.Sink.History(Key));
    }

    [Fact]
    public void Flapping_ConnectionLostAndBack_RaisePerLossClearPerReturn()
    {
        using var h = new RulesHarness(RulesHarness.Evening);
        for (var i = 0; i < 3; i++)
        {
            h.Agent(Agent, online: true);
            h.Advance(TimeSpan.FromSeconds(5));
            h.Agent(Agent, online: false);
            h.Agent(Agent, online: false); // the Last Will after the disconnect event
            h.Advance(TimeSpan.FromSeconds(5));
        }

        h.Agent(Agent, online: true);
        Assert.Equal(["+" + Key, "-" + Key, "+" + Key, "-" + Key, "+" + Key, "-" + Key], h.Sink.History(Key));
    }
}
