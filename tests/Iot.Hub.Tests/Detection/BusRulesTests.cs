using Iot.City;
using Iot.Hub.Detection;
using NetTopologySuite.Geometries;

namespace Iot.Hub.Tests.Detection;

public sealed class BusRulesTests
{
    private const string Bus = "BUS-01"; // route L1: 05:30-21:00 Europe/Paris (04:30-20:00 UTC in November), headway 30 min

    private static BusRoute L1 => RulesHarness.Demo.Value.City.Routes.Single(r => r.Id == "L1");

    private static RulesHarness Started(DateTimeOffset at)
    {
        var h = new RulesHarness(at);
        h.Agent(Bus, online: true);
        return h;
    }

    private static (double Lon, double Lat) Midway => new RouteGeometry(L1).Midpoint;

    /// <summary>A point <paramref name="meters"/> north of the route's midpoint (the route runs roughly east-west there).</summary>
    private static (double Lon, double Lat) NorthOfMidway(double meters)
    {
        var c = CityGeometry.Offset(new Coordinate(Midway.Lon, Midway.Lat), 0, meters);
        return (c.X, c.Y);
    }

    private static void Report(RulesHarness h, (double Lon, double Lat) at, double speed, string status = "onRoute") =>
        h.Telemetry(Bus, ("lon", at.Lon), ("lat", at.Lat), ("speed", speed), ("serviceStatus", status), ("routeId", "L1"));

    [Fact]
    public void RouteDistance_IsInMetres()
    {
        var geometry = new RouteGeometry(L1);
        var off = NorthOfMidway(300);
        var distance = geometry.DistanceToRoute(off.Lon, off.Lat);
        Assert.InRange(distance, 250, 301); // 300 m north; the line may slant a little
        Assert.InRange(geometry.DistanceToRoute(Midway.Lon, Midway.Lat), 0, 0.5);
        var haversine = CityGeometry.MetersBetween(new Coordinate(Midway.Lon, Midway.Lat), new Coordinate(off.Lon, off.Lat));
        Assert.InRange(haversine, 299, 301);
    }

    [Fact]
    public void BrokenStatus_RaisedAtOnce_ClearedWhenBackOnRoute()
    {
        using var h = Started(RulesHarness.Midday);
        Report(h, Midway, 0, "broken");
        Assert.Equal("high", Assert.Single(h.Sink.RaisedFor("bus_broken:" + Bus)).Severity);
        Report(h, Midway, 25);
        Assert.Equal(["+bus_broken:" + Bus, "-bus_broken:" + Bus], h.Sink.History("bus_broken:" + Bus));
    }

    [Fact]
    public void SilentInServiceHours_RaisedExactlyAtTheDeadline_ClearedOnReport()
    {
        using var h = Started(RulesHarness.Midday);
        Report(h, Midway, 25);
        var due = h.Now + h.Options.Bus.SilenceWindowMs;
        h.AdvanceTo(due - 1);
        Assert.Empty(h.Sink.RaisedFor("bus_silent:" + Bus));
        h.AdvanceMs(1);
        Assert.Equal(due, Assert.Single(h.Sink.RaisedFor("bus_silent:" + Bus)).AtMs);
        Report(h, Midway, 25);
        Assert.Equal(["+bus_silent:" + Bus, "-bus_silent:" + Bus], h.Sink.History("bus_silent:" + Bus));
    }

    [Fact]
    public void SilentAfterServiceHours_NotDue_UntilTheNextServiceStartPlusTheWindow()
    {
        using var h = Started(new DateTimeOffset(2026, 11, 23, 19, 58, 0, TimeSpan.Zero));
        Report(h, Midway, 0, "parked");
        var nextStart = new DateTimeOffset(2026, 11, 24, 4, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var due = nextStart + h.Options.Bus.SilenceWindowMs;
        h.AdvanceTo(due - 1);
        Assert.Empty(h.Sink.RaisedFor("bus_silent:" + Bus));
        h.AdvanceMs(1);
        Assert.Equal(due, Assert.Single(h.Sink.RaisedFor("bus_silent:" + Bus)).AtMs);
    }

    [Fact]
    public void StationaryMidRouteInService_SuspectedBreakdownAfter10Minutes()
    {
        using var h = Started(RulesHarness.Midday);
        var since = h.Now;
        Report(h, Midway, 0);
        var due = since + (h.Options.Bus.StationaryMinutes * 60_000L);
        while (h.Now + 60_000 < due)
        {
            h.Advance(TimeSpan.FromMinutes(1));
            Report(h, Midway, 0);
        }

        h.AdvanceTo(due - 1);
        Assert.Empty(h.Sink.RaisedFor("bus_breakdown:" + Bus));
        h.AdvanceMs(1);
        Assert.Equal(due, Assert.Single(h.Sink.RaisedFor("bus_breakdown:" + Bus)).AtMs);
        Report(h, NorthOfMidway(100), 20);
        Assert.Equal(["+bus_breakdown:" + Bus, "-bus_breakdown:" + Bus], h.Sink.History("bus_breakdown:" + Bus));
    }

    [Fact]
    public void StationaryAtTerminusOrDepot_IsALayover_NoBreakdown()
    {
        using var h = Started(RulesHarness.Midday);
        var terminus = (L1.FirstTerminus.X, L1.FirstTerminus.Y);
        for (var i = 0; i < 20; i++)
        {
            Report(h, terminus, 0);
            h.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Empty(h.Sink.RaisedFor("bus_breakdown:" + Bus));
    }

    [Fact]
    public void StationaryButParked_NoBreakdown()
    {
        using var h = Started(RulesHarness.Midday);
        for (var i = 0; i < 20; i++)
        {
            Report(h, Midway, 0, "parked");
            h.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Empty(h.Sink.RaisedFor("bus_breakdown:" + Bus));
    }

    [Fact]
    public void OffRouteFor2Minutes_Raised_BackOnRoute_Cleared()
    {
        using var h = Started(RulesHarness.Midday);
        var since = h.Now;
        var off = NorthOfMidway(300);
        Report(h, off, 20);
        var due = since + (h.Options.Bus.OffRouteMinutes * 60_000L);
        h.Advance(TimeSpan.FromMinutes(1));
        Report(h, CityGeometry.Offset(new Coordinate(off.Lon, off.Lat), 100, 0) is var c ? (c.X, c.Y) : default, 20);
        h.AdvanceTo(due - 1);
        Assert.Empty(h.Sink.RaisedFor("bus_off_route:" + Bus));
        h.AdvanceMs(1);
        Assert.Equal(due, Assert.Single(h.Sink.RaisedFor("bus_off_route:" + Bus)).AtMs);
        Report(h, Midway, 20);
        Assert.Equal(["+bus_off_route:" + Bus, "-bus_off_route:" + Bus], h.Sink.History("bus_off_route:" + Bus));
    }

    [Fact]
    public void WithinTheOffRouteDistance_NotOffRoute()
    {
        using var h = Started(RulesHarness.Midday);
        for (var i = 0; i < 5; i++)
        {
            Report(h, NorthOfMidway(100), 20);
            h.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Empty(h.Sink.RaisedFor("bus_off_route:" + Bus));
    }

    [Fact]
    public void RouteWithNoBusReporting_ForTwiceItsHeadway_Interrupted_ClearedWhenABusReports()
    {
        using var h = Started(RulesHarness.Midday);
        var start = h.Now;
        var due = start + (long)(2 * L1.Headway.TotalMilliseconds);
        h.AdvanceTo(due - 1);
        Assert.Empty(h.Sink.RaisedFor("route_interruption:L1"));
        h.AdvanceMs(1);
        var signal = Assert.Single(h.Sink.RaisedFor("route_interruption:L1"));
        Assert.Equal(due, signal.AtMs);
        Assert.Equal("L1", signal.GroupId);
        Report(h, Midway, 25);
        Assert.Equal(["+route_interruption:L1", "-route_interruption:L1"], h.Sink.History("route_interruption:L1"));
    }

    [Fact]
    public void RouteInterruption_NotDueOutsideServiceHours_AndClearedAtServiceEnd()
    {
        using var h = Started(new DateTimeOffset(2026, 11, 23, 18, 30, 0, TimeSpan.Zero));
        h.Advance(TimeSpan.FromMinutes(61));
        Assert.Single(h.Sink.RaisedFor("route_interruption:L1"));
        h.AdvanceTo(new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());
        Assert.Equal(["+route_interruption:L1", "-route_interruption:L1"], h.Sink.History("route_interruption:L1"));

        // Overnight nothing; the next morning, counted from the service start.
        var nextStart = new DateTimeOffset(2026, 11, 24, 4, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        h.AdvanceTo(nextStart + (long)(2 * L1.Headway.TotalMilliseconds) - 1);
        Assert.Single(h.Sink.RaisedFor("route_interruption:L1"));
        h.AdvanceMs(1);
        Assert.Equal(2, h.Sink.RaisedFor("route_interruption:L1").Count);
    }
}
