using Iot.City;
using Iot.Hub.Tickets;
using NetTopologySuite.Geometries;

namespace Iot.Hub.Detection;

// Buses: broken, suspected breakdown, off-route, and a route with no bus reporting.
internal sealed partial class RuleEngine
{
    private const double MovingKmh = 3;

    /// <summary>On a bus's report: where it has been standing since, and since when it is off its route.</summary>
    private static void TrackBus(DeviceSubject bus, long nowMs)
    {
        if (bus.Longitude is not { } lon || bus.Latitude is not { } lat)
        {
            return;
        }

        var rules = (BusRules)bus.Rules;
        var moved = bus.StationarySinceMs < 0
            || bus.Speed >= MovingKmh
            || CityGeometry.MetersBetween(new Coordinate(bus.AnchorLongitude, bus.AnchorLatitude), new Coordinate(lon, lat)) > rules.StationaryRadiusMeters;
        if (moved)
        {
            (bus.AnchorLongitude, bus.AnchorLatitude, bus.StationarySinceMs) = (lon, lat, nowMs);
        }

        var off = bus.Route is { } route && route.Geometry.DistanceToRoute(lon, lat) > rules.OffRouteMeters;
        bus.OffRouteSinceMs = off ? (bus.OffRouteSinceMs < 0 ? nowMs : bus.OffRouteSinceMs) : -1;
    }

    private long EvaluateBus(DeviceSubject bus, long nowMs)
    {
        var rules = (BusRules)bus.Rules;
        var due = long.MaxValue;
        Set(bus, RuleNames.BusBroken, bus.ServiceStatus == "broken", nowMs, () => DeviceSignal(
            bus, RuleNames.BusBroken, SlaSeverities.High, $"Bus {bus.Id} reports itself broken", nowMs));
        if (bus.Route is not { } route)
        {
            return due;
        }

        var inService = route.Calendar.InService(nowMs);
        var driving = inService && bus.ServiceStatus is null or "onRoute";
        if (!inService)
        {
            due = route.Calendar.NextStart(nowMs);
        }

        // Standing still in service, away from the termini and the depot.
        var breakdown = false;
        if (driving && bus.StationarySinceMs >= 0 && route.Geometry.DistanceToTerminusOrDepot(bus.AnchorLongitude, bus.AnchorLatitude) > rules.TerminusRadiusMeters)
        {
            var at = Math.Max(bus.StationarySinceMs, route.Calendar.CurrentStart(nowMs)) + (rules.StationaryMinutes * 60_000L);
            if (nowMs >= at)
            {
                breakdown = true;
                NoteLag(bus.Raised.ContainsKey(RuleNames.BusBreakdown) ? 0 : nowMs - at);
                Set(bus, RuleNames.BusBreakdown, present: true, at, () => DeviceSignal(
                    bus, RuleNames.BusBreakdown, SlaSeverities.High, $"Bus {bus.Id} stationary for {rules.StationaryMinutes} min away from a terminus or the depot: suspected breakdown", at));
            }
            else
            {
                due = Math.Min(due, at);
            }
        }

        if (!breakdown)
        {
            Set(bus, RuleNames.BusBreakdown, present: false, nowMs, null);
        }

        // Off its route for the off-route time.
        var offRoute = false;
        if (driving && bus.OffRouteSinceMs >= 0)
        {
            var at = bus.OffRouteSinceMs + (rules.OffRouteMinutes * 60_000L);
            if (nowMs >= at)
            {
                offRoute = true;
                NoteLag(bus.Raised.ContainsKey(RuleNames.BusOffRoute) ? 0 : nowMs - at);
                Set(bus, RuleNames.BusOffRoute, present: true, at, () => DeviceSignal(
                    bus, RuleNames.BusOffRoute, SlaSeverities.Medium, $"Bus {bus.Id} more than {rules.OffRouteMeters:0} m off route {route.Id} for {rules.OffRouteMinutes} min", at));
            }
            else
            {
                due = Math.Min(due, at);
            }
        }

        if (!offRoute)
        {
            Set(bus, RuleNames.BusOffRoute, present: false, nowMs, null);
        }

        if (inService && (breakdown || offRoute))
        {
            due = Math.Min(due, route.Calendar.CurrentEnd(nowMs)); // clear them when the service ends
        }

        return due;
    }

    private void EvaluateRoute(RouteSubject route, long nowMs)
    {
        var calendar = route.Calendar;
        var windowMs = (long)(route.Rules.HeadwayFactor * calendar.Route.Headway.TotalMilliseconds);
        if (!calendar.InService(nowMs))
        {
            Set(route, RuleNames.RouteInterruption, present: false, nowMs, null); // not due outside service hours
            _deadlines.Schedule(route, calendar.NextStart(nowMs) + windowMs);
            return;
        }

        var at = Math.Max(Math.Max(route.LastReportMs, _startMs), calendar.CurrentStart(nowMs)) + windowMs;
        var end = calendar.CurrentEnd(nowMs);
        if (nowMs < at)
        {
            Set(route, RuleNames.RouteInterruption, present: false, nowMs, null);
            _deadlines.Schedule(route, at < end ? at : calendar.NextStart(nowMs) + windowMs);
            return;
        }

        if (!route.Raised.ContainsKey(RuleNames.RouteInterruption))
        {
            NoteLag(nowMs - at);
        }

        var (lon, lat) = route.Geometry.Midpoint;
        var minutes = windowMs / 60_000;
        Set(route, RuleNames.RouteInterruption, present: true, at, () => new ProblemSignal(
            $"{RuleNames.RouteInterruption}:{route.Id}", RuleNames.RouteInterruption, Iot.Contracts.ServiceKind.Bus, SlaSeverities.High,
            null, route.Id, route.Commune, lon, lat, $"No bus of route {route.Id} has reported for {minutes} min ({route.Rules.HeadwayFactor:0.#} × its headway): service interrupted", null, at));
        _deadlines.Schedule(route, end);
    }
}
