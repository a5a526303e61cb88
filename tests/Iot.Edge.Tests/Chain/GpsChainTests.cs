using Iot.City;
using Iot.Edge.Tests.Infrastructure;
using Iot.Simulators.Serial;
using Iot.Testing;
using Iot.Testing.Servers;
using Xunit;

namespace Iot.Edge.Tests.Chain;

/// <summary>
/// GPS receiver simulator → socat PTY → the real edge agent program (<c>nmea-gps</c>) → real mosquitto → a subscriber
/// on the wire-contract topic, for a bus of the demo city on its route, through a tunnel.
/// </summary>
public sealed class GpsChainTests
{
    private const string Topic = "iot/v1/demo/bus/BUS-01/telemetry";

    [Fact]
    public async Task Bus_PositionsOnTheWire_AreWithinOneMetreOfTheSimulatedTrack_NoneInTheTunnel_SpeedAndHeadingTrue()
    {
        var ct = TestContext.Current.CancellationToken;
        var city = CityLoader.Load(Path.Combine(DriverHarness.RepositoryRoot(), "cities", "demo.city.json"));
        var track = new BusTrack([.. city.Routes.Single(r => r.Id == "L1").Shape.Coordinates.Select(c => (c.X, c.Y))]);

        // Fix times are the wire ts, so simulated time stays near the wall clock (the agent refuses a ts more than 5 min
        // ahead): it starts 2 min back and runs 3 times as fast.
        var start = DateTimeOffset.UtcNow.AddMinutes(-2);
        start = new DateTimeOffset(start.Ticks - (start.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var clock = new AcceleratedTimeProvider(start, factor: 3);
        var tunnel = (From: 150.0, To: 300.0);
        var receiver = new GpsReceiverSimulator(
            track,
            new GpsReceiverOptions { Talker = "GN", Seed = 11, Tunnels = [tunnel], GarbageProbability = 0.3, BadChecksumProbability = 0.15 },
            clock,
            departure: start);

        await using var broker = await MosquittoFixture.StartAsync(MosquittoSettings.StoreAndForward);
        await using var hub = await Subscriber.StartAsync(broker, Topic);
        await using var pty = await PtyPair.StartAsync(cancellationToken: ct);
        await using var device = pty.OpenDevice();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var simulating = receiver.RunAsync(device, stop.Token);
        await using var agent = await ChainAgent.StartAsync(broker, "BUS-01", new
        {
            Id = "BUS-01",
            Service = "bus",
            Driver = "nmea-gps",
            Serial = new { Port = pty.HostPath, BaudRate = 9600 },
            Settings = new { PublishInterval = "00:00:00.5" },
        });

        // Well past the tunnel: the bus is at 300 m about 50 simulated seconds after departure.
        var past = start.AddSeconds(110).ToUnixTimeMilliseconds();
        await Poll.UntilAsync(() => WireReading.Of(hub, Topic) is { Count: >= 25 } r && r[^1].Ts > past, TimeSpan.FromSeconds(120),
            () => $"{WireReading.Of(hub, Topic).Count} positions on the wire; agent output:\n{agent.Process.Output}");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => simulating.WithinAsync("the GPS simulator after cancellation"));

        var readings = WireReading.Of(hub, Topic);
        foreach (var r in readings)
        {
            var truth = track.StateAt(DateTimeOffset.FromUnixTimeMilliseconds(r.Ts) - start);
            var error = BusTrack.Distance(truth.Latitude, truth.Longitude, r.Number("lat"), r.Number("lon"));
            Assert.True(error < 1.0, $"fix at {r.Ts} is {error:0.00} m off the simulated track");
            Assert.False(truth.Along >= tunnel.From && truth.Along <= tunnel.To, $"a position was published inside the tunnel ({truth.Along:0} m along the route)");
            Assert.Equal(truth.SpeedMps * 3.6, r.Number("speed"), 0.1);
            if (r.Has("heading"))
            {
                Assert.Equal(truth.Heading, r.Number("heading"), 0.1);
            }
        }

        // The bus was seen before and after the tunnel, stopped at a stop and drove at town speed.
        double Along(WireReading r) => track.StateAt(DateTimeOffset.FromUnixTimeMilliseconds(r.Ts) - start).Along;
        Assert.Contains(readings, r => Along(r) < tunnel.From);
        Assert.Contains(readings, r => Along(r) > tunnel.To);
        Assert.Contains(readings, r => r.Number("speed") < 0.5);
        Assert.Contains(readings, r => r.Number("speed") > 30);
        Assert.Contains(readings, r => r.Has("heading"));
        // Published in the order of the fixes, at most one per publish interval of the agent.
        Assert.Equal(readings.Select(r => r.Ts).Order(), readings.Select(r => r.Ts));
    }
}
