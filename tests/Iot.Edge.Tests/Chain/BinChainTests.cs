using Iot.Edge.Tests.Infrastructure;
using Iot.Simulators.Serial;
using Iot.Testing;
using Iot.Testing.Servers;
using Xunit;

namespace Iot.Edge.Tests.Chain;

/// <summary>
/// Ultrasonic bin sensor simulator (noise, spikes, a collection) → socat PTY → the real edge agent program
/// (<c>ultrasonic-level</c>) → real mosquitto → a subscriber on the wire-contract topic.
/// </summary>
public sealed class BinChainTests
{
    private const string Topic = "iot/v1/demo/wastebin/BIN-0001/telemetry";
    private const double Factor = 300; // 600× left the publish delay under a loaded CI (~0.5 s wall) outside the window
    private const int MedianWindow = 5;

    [Fact]
    public async Task Bin_FillLevelsOnTheWire_AreWithinTwoPercentOfTheSimulatedBin_SpikesDoNotLeak()
    {
        var ct = TestContext.Current.CancellationToken;

        // The agent stamps readings with its own (wall) clock; the sensor lives in simulated time running 300 times as
        // fast from simStart, so a wire ts maps back to the simulated instant it describes.
        var simStart = new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero);
        var wallOrigin = DateTimeOffset.MinValue; // set when the sensor starts
        DateTimeOffset Simulated(long wallTs) => simStart + ((DateTimeOffset.FromUnixTimeMilliseconds(wallTs) - wallOrigin) * Factor);

        // Fills at 50 %/h, last emptied 1.2 h before the start: collected ~26 simulated minutes in (~5 s), then every 1.64 h (~20 s).
        var bin = new BinFillModel(simStart.AddHours(-1.2), fillPerHour: 0.5);
        var options = new UltrasonicSensorOptions { BinHeight = 1.1, SensorOffset = 0.2, SamplePeriod = TimeSpan.FromSeconds(30), NoiseMm = 3, SpikeProbability = 0.06, Seed = 3 };

        await using var broker = await MosquittoFixture.StartAsync(MosquittoSettings.StoreAndForward);
        await using var hub = await Subscriber.StartAsync(broker, Topic);
        await using var pty = await PtyPair.StartAsync(cancellationToken: ct);
        await using var device = pty.OpenDevice();
        await using var agent = await ChainAgent.StartAsync(broker, "GW-01", new
        {
            Id = "BIN-0001",
            Service = "wastebin",
            Driver = "ultrasonic-level",
            Serial = new { Port = pty.HostPath, BaudRate = 9600 },
            Settings = new { BinHeight = 1.1, SensorOffset = 0.2, MedianWindow, PublishInterval = "00:00:00.1" },
        });

        // The sensor starts once the agent has its port open: a real line loses what is sent while nobody listens, but
        // socat would hand the agent a backlog of stale frames at once.
        await agent.WaitUntilPortOpenAsync(pty.HostPath);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wallOrigin = DateTimeOffset.UtcNow;
        var clock = new AcceleratedTimeProvider(simStart, Factor);
        var sensor = new UltrasonicSensorSimulator(bin, options, clock);
        var simulating = sensor.RunAsync(device, stop.Token);

        // Readings through at least one collection and a good stretch of filling after it.
        await Poll.UntilAsync(
            () => WireReading.Of(hub, Topic) is { Count: >= 60 } r && bin.CollectionsBy(Simulated(r[^1].Ts)) - bin.CollectionsBy(Simulated(r[0].Ts)) >= 1
                && Simulated(r[^1].Ts) - Simulated(r[0].Ts) > TimeSpan.FromHours(1.5),
            TimeSpan.FromSeconds(120),
            () => $"{WireReading.Of(hub, Topic).Count} levels on the wire; agent output:\n{agent.Process.Output}");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => simulating.WithinAsync("the bin simulator after cancellation"));
        Assert.True(sensor.Spikes >= 5, $"only {sensor.Spikes} spikes were sent: the test would not show that they are filtered");

        // Once the median window holds only samples taken since the last collection (the filter has settled), every level
        // is within 0.02 of what the bin held during the filter's window. A median of the last MedianWindow samples lags
        // the bin by about half the window; the window considered is MedianWindow samples plus two, for the time the
        // reading takes from the sensor to the wire (1 ms of wall time is 0.3 simulated seconds at 300×).
        var window = options.SamplePeriod * (MedianWindow + 2);
        var checkedLevels = 0;
        foreach (var r in WireReading.Of(hub, Topic))
        {
            var at = Simulated(r.Ts);
            if (bin.CollectionsBy(at) != bin.CollectionsBy(at - window))
            {
                continue; // the filter is still settling after a collection
            }

            var level = r.Number("fillingLevel");
            var (low, high) = (bin.LevelAt(at - window), bin.LevelAt(at)); // the bin only fills between collections
            Assert.True(level >= low - 0.02 && level <= high + 0.02,
                $"level {level:0.000} on the wire at {at:HH:mm:ss} (simulated) but the bin held {low:0.000}..{high:0.000} during the filter's window");
            checkedLevels++;
        }

        Assert.True(checkedLevels >= 50, $"only {checkedLevels} settled levels");
        var levels = WireReading.Of(hub, Topic).Select(r => r.Number("fillingLevel")).ToList();
        Assert.Contains(levels, l => l > 0.75); // nearly full before a collection
        Assert.Contains(levels, l => l < 0.1); // nearly empty after it
    }
}
