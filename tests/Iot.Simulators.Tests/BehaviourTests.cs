using System.Text;
using Iot.City;
using Iot.Contracts;
using Iot.Simulation;
using Iot.Simulation.Scenarios;
using Iot.Simulators.Tests.Infrastructure;

namespace Iot.Simulators.Tests;

/// <summary>The city without faults: astronomical lighting, moving buses, filling bins, commands.</summary>
public sealed class BehaviourTests
{
    private static readonly CityModel City = TestCity.Mini;

    [Fact]
    public void Lamps_SwitchOnWithinMinutesAfterSunset_AndReportEveryFifteenMinutes()
    {
        var commune = City.Communes[0];
        var day = new DateOnly(2026, 6, 15);
        var sunset = SolarClock.Compute(day, commune.Latitude, commune.Longitude).Sunset!.Value;
        var start = sunset - TimeSpan.FromHours(1);
        var sink = TestCity.Run(City, Scenario.Empty, TimeSpan.FromHours(2), start);
        var sunsetMs = (long)(sunset - start).TotalMilliseconds;

        foreach (var lamp in City.Assets.Where(a => a.Service == ServiceKind.Streetlight))
        {
            var telemetry = sink.Messages(lamp.Id, "telemetry").ToList();
            var firstOn = telemetry.First(m => m.Text("powerState") == "on");
            Assert.InRange(firstOn.SimMs, sunsetMs, sunsetMs + 120_000);
            Assert.All(telemetry.Where(m => m.SimMs < sunsetMs), m => Assert.Equal("off", m.Text("powerState")));
            Assert.All(telemetry.Where(m => m.SimMs > sunsetMs + 120_000), m => Assert.Equal("on", m.Text("powerState")));
            var gaps = telemetry.Zip(telemetry.Skip(1), (a, b) => b.SimMs - a.SimMs).ToList();
            Assert.True(gaps.Max() <= 15 * 60_000, $"{lamp.Id} went {gaps.Max() / 60_000.0:0.0} min without reporting");
            Assert.InRange(telemetry.Count, 8, 12); // birth + every 15 min + the switch
        }
    }

    [Fact]
    public void Buses_MoveAlongTheirRouteAtUrbanSpeeds_AndStopAtStops()
    {
        var sink = TestCity.Run(City, Scenario.Empty, TimeSpan.FromMinutes(30));
        foreach (var bus in City.Assets.Where(a => a.Service == ServiceKind.Bus))
        {
            var route = City.Routes.Single(r => r.Id == bus.RouteId);
            var telemetry = sink.Messages(bus.Id, "telemetry").ToList();
            Assert.InRange(telemetry.Count, 330, 370); // every 5 s
            Assert.All(telemetry, m =>
            {
                Assert.Equal("onRoute", m.Text("serviceStatus"));
                Assert.InRange(m.Number("speed"), 0, 40);
                var point = CityGeometry.Factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(m.Number("lon"), m.Number("lat")));
                Assert.True(route.Shape.Distance(point) * 111_000 < 5, "on its route");
            });
            Assert.Contains(telemetry, m => m.Number("speed") == 0);
            Assert.Contains(telemetry, m => m.Number("speed") > 15);

            // Position changes agree with the reported speeds: no jumps.
            foreach (var (a, b) in telemetry.Zip(telemetry.Skip(1)))
            {
                var metres = Metres(a, b);
                var seconds = (b.SimMs - a.SimMs) / 1000.0;
                Assert.True(metres / seconds * 3.6 <= 40, $"{bus.Id} moved {metres:0} m in {seconds:0.0} s");
            }

            Assert.True(Metres(telemetry[0], telemetry[^1]) > 200 || telemetry.Select(m => m.Text("tripId")).Distinct().Count() > 1, $"{bus.Id} went somewhere");
        }
    }

    [Fact]
    public void Bins_FillOverTime()
    {
        var sink = TestCity.Run(City, Scenario.Empty, TimeSpan.FromHours(20));
        foreach (var bin in City.Assets.Where(a => a.Service == ServiceKind.Wastebin))
        {
            var telemetry = sink.Messages(bin.Id, "telemetry").ToList();
            Assert.InRange(telemetry.Count, 7, 10); // every 3 h, plus a collection when it falls in the window
            var rises = telemetry.Zip(telemetry.Skip(1), (a, b) => b.Number("fillingLevel") - a.Number("fillingLevel")).Count(d => d > 0);
            Assert.True(rises >= telemetry.Count - 3, $"{bin.Id} levels: {string.Join(' ', telemetry.Select(m => m.Number("fillingLevel")))}");
        }
    }

    [Fact]
    public void Commands_SwitchDimAndPing_AreExecutedAndAcknowledged_ExpiredOnesRefused()
    {
        var lamp = City.First(ServiceKind.Streetlight);
        var cmd = Topics.Format(lamp.CommuneId, ServiceKind.Streetlight, lamp.Id, MessageKind.Cmd);
        var sink = new InMemoryFleetSink();
        var engine = new FleetEngine(City, Scenario.Empty, TestCity.Options(), sink);
        engine.Start();
        engine.RunUntil(60_000);
        var now = TestCity.WireStart.ToUnixTimeMilliseconds() + 6_000;
        engine.Deliver(cmd, Encoding.UTF8.GetBytes($$$"""{"id":"c1","ts":{{{now}}},"action":"switch","args":{"state":"on"}}"""));
        engine.Deliver(cmd, Encoding.UTF8.GetBytes($$$"""{"id":"c2","ts":{{{now}}},"action":"dim","args":{"level":0.4}}"""));
        engine.Deliver(cmd, Encoding.UTF8.GetBytes($$"""{"id":"c3","ts":{{now}},"action":"ping","expiresTs":{{now + 60_000}}}"""));
        engine.Deliver(cmd, Encoding.UTF8.GetBytes($$"""{"id":"c4","ts":{{now - 90_000}},"action":"switch","args":{"state":"off"},"expiresTs":{{now - 30_000}}}"""));
        engine.Deliver(cmd, Encoding.UTF8.GetBytes($$"""{"id":"c5","ts":{{now}},"action":"reboot"}"""));
        // Arguments in any other form than the hub's are refused, naming the form.
        engine.Deliver(cmd, Encoding.UTF8.GetBytes($$$"""{"id":"c6","ts":{{{now}}},"action":"switch","args":{"on":false}}"""));
        engine.Deliver(cmd, Encoding.UTF8.GetBytes($$$"""{"id":"c7","ts":{{{now}}},"action":"dim","args":{"illuminanceLevel":0.1}}"""));
        engine.RunUntil(61_000);

        var acks = sink.Messages(lamp.Id, "cmd-ack").Select(m => m.Root).ToList();
        Assert.Equal(["c1", "c2", "c3", "c4", "c5", "c6", "c7"], acks.Select(a => a.GetProperty("id").GetString()));
        Assert.Equal([true, true, true, false, false, false, false], acks.Select(a => a.GetProperty("ok").GetBoolean()));
        Assert.Equal("expired", acks[3].GetProperty("error").GetString());
        Assert.Contains("reboot", acks[4].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("switch needs args {\"state\":\"on\"} or {\"state\":\"off\"}", acks[5].GetProperty("error").GetString());
        Assert.Equal("dim needs args {\"level\":x} with x between 0 and 1", acks[6].GetProperty("error").GetString());
        var last = sink.Messages(lamp.Id, "telemetry").Last();
        Assert.Equal("low", last.Text("powerState")); // switched on by day, then dimmed
        Assert.Equal(0.4, last.Number("illuminanceLevel"));
        Assert.Equal(7, engine.Stats.CommandsAnswered);
    }

    private static double Metres(WireMessage a, WireMessage b)
    {
        var dy = (b.Number("lat") - a.Number("lat")) * 110_574;
        var dx = (b.Number("lon") - a.Number("lon")) * 111_320 * Math.Cos(a.Number("lat") * Math.PI / 180);
        return Math.Sqrt((dx * dx) + (dy * dy));
    }
}
