using System.Text;
using System.Text.Json;
using Iot.Contracts;
using Iot.Edge.Queue;
using Iot.Edge.Tests.Infrastructure;
using Iot.Testing;
using Iot.Testing.Servers;
using Xunit;

namespace Iot.Edge.Tests.Agent;

/// <summary>The agent process killed with SIGKILL (no shutdown code runs), with a real mosquitto.</summary>
public sealed class CrashTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task AgentKilledWithAFullQueue_Restarted_NothingLost_SeqNeverReused_WillCarriesTheSession()
    {
        await using var broker = await MosquittoFixture.StartAsync(MosquittoSettings.StoreAndForward);
        using var dir = new TempDirectory();
        var data = Path.Combine(dir.Path, "data");
        var config = Path.Combine(dir.Path, "agent.json");
        const int maxMessages = 150;
        await File.WriteAllTextAsync(config, AgentHarness.ConfigJson(broker.Port, data, periodMs: 20, drainPerSecond: 500, maxMessages: maxMessages));
        await using var hub = await Subscriber.StartAsync(broker, "iot/v1/demo/+/+/telemetry", "iot/v1/demo/+/+/event", "iot/v1/demo/+/GW-1/status");
        IReadOnlyList<long> telemetry() => hub.Messages.Where(m => m.Topic.EndsWith("/telemetry", StringComparison.Ordinal)).Select(m => m.Seq!.Value).ToList();

        // 1. Online, then the broker goes away and the queue fills up to its bound (and drops, which it persists).
        var first = AgentProcess.StartWithCountingDriver(config);
        List<long> pending;
        long droppedAtKill;
        long lastSeqBeforeStop;
        try
        {
            await Poll.UntilAsync(() => telemetry().Count >= 20, Generous, () => $"telemetry before the outage; agent output:\n{first.Output}");
            await broker.StopAsync();
            lastSeqBeforeStop = telemetry().Max();
            var cursorFile = Path.Combine(data, "queue", DiskQueue.CursorFileName);
            await Poll.UntilAsync(() => PersistedDrops(cursorFile) > 50, Generous, () => $"a full queue; agent output:\n{first.Output}");

            // 2. SIGKILL while the driver is still producing.
            await first.KillAsync();
        }
        finally
        {
            await first.DisposeAsync();
        }

        // What the dead agent left on disk (read from a copy, so the agent does its own recovery on restart).
        var copy = Path.Combine(dir.Path, "queue-at-kill");
        CopyDirectory(Path.Combine(data, "queue"), copy);
        using (var left = DiskQueue.Open(copy, 64L * 1024 * 1024, maxMessages))
        {
            pending = [];
            for (var position = 0L; left.TryReadNext(position, long.MaxValue, out var message); position = message!.Position + 1)
            {
                using var doc = JsonDocument.Parse(message!.Payload);
                pending.Add(doc.RootElement.GetProperty("seq").GetInt64());
            }

            droppedAtKill = left.TakeDropCounts().GetValueOrDefault("BIN-1");
        }

        // The queue was at its bound; the cursor on disk may lag by one flush period (a few more records are left,
        // whose drops were not persisted yet: they are sent again rather than lost).
        Assert.InRange(pending.Count, maxMessages - 5, maxMessages + 50);
        Assert.True(droppedAtKill > 0);
        // The restarted agent gets room, so that what the dead one left is all that is checked (no new drops).
        await File.WriteAllTextAsync(config, AgentHarness.ConfigJson(broker.Port, data, periodMs: 20, drainPerSecond: 500, maxMessages: 100_000));

        // 3. Broker back, agent restarted: everything the queue held arrives.
        await broker.StartAgainAsync();
        await hub.ConnectAsync();
        var second = AgentProcess.StartWithCountingDriver(config);
        try
        {
            await Poll.UntilAsync(() => pending.All(telemetry().Contains) && Dropped(hub) >= droppedAtKill, Generous,
                () => $"{pending.Count(s => !telemetry().Contains(s))} of {pending.Count} queued messages missing, {Dropped(hub)} of {droppedAtKill} drops reported; agent output:\n{second.Output}");

            var received = telemetry().ToHashSet();
            // Nothing lost: every reading made during the outage up to the kill either arrived or was reported dropped,
            // and the dropped ones are the oldest.
            var outage = Enumerable.Range(0, (int)(pending.Max() - lastSeqBeforeStop)).Select(i => lastSeqBeforeStop + 1 + i).ToList();
            var missing = outage.Where(s => !received.Contains(s)).ToList();
            Assert.Equal(droppedAtKill, Dropped(hub));
            Assert.Equal(droppedAtKill, missing.Count);
            Assert.All(missing, s => Assert.True(s < pending.Min(), $"seq {s} missing but not among the oldest"));

            // The restarted agent never reuses a seq.
            await Poll.UntilAsync(() => telemetry().Any(s => s > pending.Max() + 1), Generous, () => "telemetry of the restarted agent");
            var before = hub.Messages.Count;
            Assert.True(telemetry().Where(s => s > pending.Max()).Min() > pending.Max());

            // 4. SIGKILL while connected: mosquitto publishes the Last Will, offline with the running session.
            var birth = hub.Messages.Where(m => m.Topic.EndsWith("/status", StringComparison.Ordinal)).Select(Status).Last(s => s.IsOnline);
            await second.KillAsync();
            await Poll.UntilAsync(() => hub.Messages.Skip(before).Any(m => m.Topic.EndsWith("/status", StringComparison.Ordinal) && !Status(m).IsOnline),
                Generous, () => "the Last Will");
            var will = hub.Messages.Skip(before).Where(m => m.Topic.EndsWith("/status", StringComparison.Ordinal)).Select(Status).Last();
            Assert.Equal((StatusPayload.Offline, birth.Session, "GW-1"), (will.State, will.Session, will.Agent));
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    internal static long PersistedDrops(string cursorFile, string deviceId = "BIN-1")
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(cursorFile));
            return doc.RootElement.GetProperty("dropped").TryGetProperty(deviceId, out var n) ? n.GetInt64() : 0;
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return 0; // not written yet
        }
    }

    internal static long Dropped(Subscriber hub) =>
        hub.Messages.Where(m => m.Topic.EndsWith("/event", StringComparison.Ordinal)).GroupBy(m => m.Seq)
            .Sum(g => JsonDocument.Parse(g.First().Payload).RootElement.GetProperty("data").GetProperty("dropped").GetInt64());

    internal static StatusPayload Status(Subscriber.Received message)
    {
        Assert.True(PayloadDecoder.TryDecodeStatus(Encoding.UTF8.GetBytes(message.Payload), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ValidationOptions.Default, out var status, out var error), error.Detail);
        return status!;
    }

    internal static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
