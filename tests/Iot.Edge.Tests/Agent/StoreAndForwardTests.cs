using System.Text.Json;
using Iot.Edge.Tests.Infrastructure;
using Iot.Testing;
using Iot.Testing.Servers;
using Xunit;

namespace Iot.Edge.Tests.Agent;

/// <summary>The agent against a real mosquitto that goes away and comes back.</summary>
public sealed class StoreAndForwardTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task BrokerStoppedFor60Seconds_EveryMessageArrivesOnceAfterDedup_BacklogInOrder_LiveKeepsFlowing()
    {
        await using var broker = await MosquittoFixture.StartAsync(MosquittoSettings.StoreAndForward);
        using var dir = new TempDirectory();
        await using var hub = await Subscriber.StartAsync(broker, "iot/v1/demo/+/+/telemetry");
        await using var agent = await AgentHarness.StartAsync(dir.Path,
            AgentHarness.ConfigJson(broker.Port, Path.Combine(dir.Path, "data"), periodMs: 50, drainPerSecond: 100));
        await Poll.UntilAsync(() => hub.Messages.Count >= 20, Generous, () => $"{hub.Messages.Count} messages before the outage");

        await broker.StopAsync();
        var producedAtStop = agent.Driver.Produced;
        // 1200 readings at 20 per second: the outage lasts at least 60 s (a periodic timer never catches up on missed ticks).
        await Poll.UntilAsync(() => agent.Driver.Produced >= producedAtStop + 1200, TimeSpan.FromSeconds(180), () => $"{agent.Driver.Produced - producedAtStop} readings during the outage");
        Assert.False(agent.Agent.IsConnected);
        Assert.True(agent.Agent.Queue.Count >= 1150, $"{agent.Agent.Queue.Count} messages queued on disk during the outage");

        await broker.StartAgainAsync();
        var producedAtRestart = agent.Driver.Produced;
        await hub.ConnectAsync();
        await Poll.UntilAsync(() => agent.Agent.IsConnected, Generous, () => "agent reconnected");
        // Live readings keep coming while the backlog drains (12 s at 100 per second).
        await Poll.UntilAsync(() => agent.Driver.Produced >= producedAtRestart + 100, Generous, () => "live readings after the restart");
        agent.Driver.Paused = true;
        await Poll.UntilAsync(() => agent.Agent.Queue.Count == 0, Generous, () => $"{agent.Agent.Queue.Count} still queued");
        var total = agent.Driver.Produced;
        await Poll.UntilAsync(() => hub.Messages.Select(m => m.Seq).Distinct().Count() >= total, Generous,
            () => $"{hub.Messages.Select(m => m.Seq).Distinct().Count()} distinct of {total}");

        var all = hub.Messages.ToList();
        Assert.All(all, m => Assert.Equal("iot/v1/demo/wastebin/BIN-1/telemetry", m.Topic));
        var firstArrivals = all.GroupBy(m => m.Seq!.Value).Select(g => g.First()).ToList();
        Assert.Equal(total, firstArrivals.Count);
        var seq0 = firstArrivals.Min(m => m.Seq!.Value);
        Assert.Equal(total - 1, firstArrivals.Max(m => m.Seq!.Value) - seq0); // no gap: every reading, once

        // Each seq carries its own reading: n = seq - seq0 + 1.
        var arrivalIndex = new Dictionary<long, int>();
        for (var i = 0; i < firstArrivals.Count; i++)
        {
            var n = Reading(firstArrivals[i]);
            Assert.Equal(firstArrivals[i].Seq!.Value - seq0 + 1, n);
            arrivalIndex[n] = i;
        }

        // The backlog (readings made while the broker was down) arrives in order.
        var backlog = Enumerable.Range((int)producedAtStop + 1, (int)(producedAtRestart - producedAtStop)).Select(n => arrivalIndex[n]).ToList();
        Assert.Equal(backlog.Order(), backlog);
        // Two lanes: live readings made after the restart arrive before the backlog has finished draining.
        var liveBeforeBacklogEnd = arrivalIndex.Count(kv => kv.Key > producedAtRestart + 5 && kv.Value < backlog[^1]);
        Assert.True(liveBeforeBacklogEnd >= 20, $"only {liveBeforeBacklogEnd} live readings overtook the end of the backlog");
    }

    [Fact]
    public async Task QueueFullWhileOffline_DropsOldest_AndReportsTheCountOnceOnline()
    {
        await using var broker = await MosquittoFixture.StartAsync(MosquittoSettings.StoreAndForward);
        using var dir = new TempDirectory();
        await using var hub = await Subscriber.StartAsync(broker, "iot/v1/demo/+/+/telemetry", "iot/v1/demo/+/+/event");
        await using var agent = await AgentHarness.StartAsync(dir.Path,
            AgentHarness.ConfigJson(broker.Port, Path.Combine(dir.Path, "data"), periodMs: 10, drainPerSecond: 500, maxMessages: 40));
        await Poll.UntilAsync(() => hub.Messages.Count >= 5, Generous, () => "messages before the outage");

        await broker.StopAsync();
        var producedAtStop = agent.Driver.Produced;
        await Poll.UntilAsync(() => agent.Driver.Produced >= producedAtStop + 150, Generous, () => "readings during the outage");
        Assert.InRange(agent.Agent.Queue.Count, 1, 40);
        await broker.StartAgainAsync();
        await hub.ConnectAsync();
        await Poll.UntilAsync(() => hub.Messages.Any(m => m.Topic.EndsWith("/event", StringComparison.Ordinal)), Generous, () => "bufferOverflow event");
        agent.Driver.Paused = true;
        await Poll.UntilAsync(() => agent.Agent.Queue.Count == 0, Generous, () => "queue drained");
        // A reading being made when the driver was paused still lands: count it once everything has arrived.
        await Poll.UntilAsync(() => agent.Agent.Queue.Count == 0 && Delivered(hub) + Dropped(hub) >= agent.Driver.Produced, Generous,
            () => $"{Delivered(hub)} delivered + {Dropped(hub)} dropped of {agent.Driver.Produced}");
        var total = agent.Driver.Produced;

        var events = hub.Messages.Where(m => m.Topic == "iot/v1/demo/wastebin/BIN-1/event").Select(m => m.Payload).Distinct().ToList();
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal("bufferOverflow", JsonDocument.Parse(e).RootElement.GetProperty("type").GetString()));
        Assert.True(Dropped(hub) >= 100, $"{Dropped(hub)} reported dropped");
        // What is missing is exactly what was reported as dropped (a message being published is never dropped, so
        // nothing counted as dropped is delivered after all), and it is the oldest of the outage.
        Assert.Equal(total, Delivered(hub) + Dropped(hub));
        var readings = hub.Messages.Where(m => m.Topic.EndsWith("/telemetry", StringComparison.Ordinal)).Select(Reading).ToHashSet();
        Assert.DoesNotContain(producedAtStop + 1, readings); // the oldest of the outage went first
        Assert.Contains(total, readings); // the newest reading made it
    }

    private static long Delivered(Subscriber hub) =>
        hub.Messages.Where(m => m.Topic.EndsWith("/telemetry", StringComparison.Ordinal)).Select(m => m.Seq).Distinct().Count();

    private static long Dropped(Subscriber hub) =>
        hub.Messages.Where(m => m.Topic.EndsWith("/event", StringComparison.Ordinal)).GroupBy(m => m.Seq)
            .Sum(g => JsonDocument.Parse(g.First().Payload).RootElement.GetProperty("data").GetProperty("dropped").GetInt64());

    internal static long Reading(Subscriber.Received message)
    {
        using var doc = JsonDocument.Parse(message.Payload);
        return (long)Math.Round(doc.RootElement.GetProperty("metrics").GetProperty("fillingLevel").GetDouble() * 1_000_000, MidpointRounding.AwayFromZero);
    }
}
