using Iot.Contracts;
using Iot.Edge.Drivers;
using Iot.Edge.Tests.Infrastructure;
using Iot.Simulators.Serial;
using Iot.Testing;
using Xunit;

namespace Iot.Edge.Tests.Serial;

/// <summary>Ultrasonic bin simulator → socat PTY → ultrasonic-level driver, through a fill and a collection.</summary>
public sealed class BinOverPtyTests
{
    [Fact]
    public async Task Driver_FillLevelsAfterFiltering_AreWithinTwoPercentOfTheBin()
    {
        var ct = TestContext.Current.CancellationToken;
        var start = new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero);
        var clock = new AcceleratedTimeProvider(start, factor: 600);

        // Fills at 50 %/h and was last emptied 1.2 h ago: the next collection comes ~26 simulated minutes in (~3 s).
        var bin = new BinFillModel(start.AddHours(-1.2), fillPerHour: 0.5);
        var options = new UltrasonicSensorOptions { BinHeight = 1.1, SensorOffset = 0.2, SamplePeriod = TimeSpan.FromSeconds(30), NoiseMm = 3, SpikeProbability = 0.06, Seed = 3 };
        var sensor = new UltrasonicSensorSimulator(bin, options, clock);

        await using var pty = await PtyPair.StartAsync(cancellationToken: ct);
        await using var device = pty.OpenDevice();
        var settings = new Dictionary<string, string?> { ["BinHeight"] = "1.1", ["SensorOffset"] = "0.2", ["MedianWindow"] = "5", ["PublishInterval"] = "00:00:00.1" };
        var driver = DriverHarness.Create("ultrasonic-level", "BIN-0001", ServiceKind.Wastebin, new SerialSettings(pty.HostPath), settings, clock);
        var sink = new RecordingSink();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = driver.RunAsync(sink, stop.Token);
        var simulating = sensor.RunAsync(device, stop.Token);

        var collectionsAtStart = bin.CollectionsBy(start);
        await Poll.UntilAsync(
            () => sink.Telemetry() is { Count: >= 40 } t && bin.CollectionsBy(DateTimeOffset.FromUnixTimeMilliseconds(t[^1].TsMs)) > collectionsAtStart
                && t.Count(r => DateTimeOffset.FromUnixTimeMilliseconds(r.TsMs) > start + (bin.Period - TimeSpan.FromHours(1.2)) + TimeSpan.FromMinutes(10)) >= 10,
            TimeSpan.FromSeconds(90),
            "40 levels and a collection");
        await stop.CancelAsync();
        await reading.WithinAsync("the driver's read loop after cancellation");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => simulating.WithinAsync("the simulator after cancellation"));

        // The median lags the bin by about half a window; each level must match the bin at some instant of the last
        // window of samples (that covers the drop at a collection too).
        var lag = options.SamplePeriod * 7;
        var readings = sink.Telemetry();
        foreach (var r in readings)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(r.TsMs);
            var level = r.Number("fillingLevel");
            var truths = Enumerable.Range(0, 50).Select(i => bin.LevelAt(at - (lag * i / 49.0))).ToList();
            Assert.True(level >= truths.Min() - 0.02 && level <= truths.Max() + 0.02, $"level {level:0.000} at {at:HH:mm:ss} but the bin held {truths.Min():0.000}..{truths.Max():0.000}");
        }

        // The collection shows: a nearly full bin, then a nearly empty one.
        Assert.Contains(readings, r => r.Number("fillingLevel") > 0.75);
        Assert.Contains(readings, r => r.Number("fillingLevel") < 0.1);
    }
}
