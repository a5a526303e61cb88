using Iot.City;
using Iot.Contracts;
using Iot.Edge.Drivers;
using Iot.Edge.Tests.Infrastructure;
using Iot.Simulators.Serial;
using Iot.Testing;
using Xunit;

namespace Iot.Edge.Tests.Serial;

/// <summary>GPS simulator → socat PTY → nmea-gps driver, on a route of the demo city, with faults.</summary>
public sealed class GpsOverPtyTests
{
    [Fact]
    public async Task Driver_ReportsPositionsWithinOneMetreOfTheTrack_AndNothingInTheTunnel()
    {
        var ct = TestContext.Current.CancellationToken;
        var city = CityLoader.Load(Path.Combine(DriverHarness.RepositoryRoot(), "cities", "demo.city.json"));
        var route = city.Routes[0];
        var track = new BusTrack([.. route.Shape.Coordinates.Select(c => (c.X, c.Y))]);
        var start = new DateTimeOffset(2026, 3, 2, 7, 30, 0, TimeSpan.Zero);
        var clock = new AcceleratedTimeProvider(start, factor: 20);
        var tunnel = (From: 150.0, To: 300.0);
        var receiver = new GpsReceiverSimulator(
            track,
            new GpsReceiverOptions { Talker = "GN", Seed = 7, Tunnels = [tunnel], GarbageProbability = 0.3, BadChecksumProbability = 0.15 },
            clock,
            departure: start);

        await using var pty = await PtyPair.StartAsync(cancellationToken: ct);
        await using var device = pty.OpenDevice();
        var driver = DriverHarness.Create("nmea-gps", "BUS-01", ServiceKind.Bus, new SerialSettings(pty.HostPath, 9600), new Dictionary<string, string?> { ["PublishInterval"] = "00:00:00.5" }, clock);
        var sink = new RecordingSink();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = driver.RunAsync(sink, stop.Token);
        var simulating = receiver.RunAsync(device, stop.Token);

        // Past the tunnel and well on: the bus reaches 300 m after about half a minute of simulated time.
        await Poll.UntilAsync(() => sink.Telemetry() is { Count: >= 30 } t && t[^1].TsMs > start.AddSeconds(70).ToUnixTimeMilliseconds(), TimeSpan.FromSeconds(90), "30 fixes, some past the tunnel");
        await stop.CancelAsync();
        await reading.WithinAsync("the driver's read loop after cancellation");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => simulating.WithinAsync("the simulator after cancellation"));
        await driver.DisposeAsync().WithinAsync("the driver's dispose");

        var readings = sink.Telemetry();
        Assert.True(readings.Count >= 30, $"only {readings.Count} readings");
        foreach (var r in readings)
        {
            var truth = track.StateAt(DateTimeOffset.FromUnixTimeMilliseconds(r.TsMs) - start);
            var error = BusTrack.Distance(truth.Latitude, truth.Longitude, r.Number("lat"), r.Number("lon"));
            Assert.True(error < 1.0, $"fix at {r.TsMs} is {error:0.00} m off the track");
            Assert.False(truth.Along >= tunnel.From && truth.Along <= tunnel.To, $"a position was published inside the tunnel ({truth.Along:0} m)");
            Assert.Equal(truth.SpeedMps * 3.6, r.Number("speed"), 0.1);
            if (r.Metrics.ContainsKey("heading"))
            {
                Assert.Equal(truth.Heading, r.Number("heading"), 0.1);
            }
        }

        // The bus did stop (speed 0 at a stop) and did move (town speed).
        Assert.Contains(readings, r => r.Number("speed") < 0.5);
        Assert.Contains(readings, r => r.Number("speed") > 30);
    }
}
