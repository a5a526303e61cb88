using Iot.Simulation.Internal;

namespace Iot.Simulation;

// Buses: during their route's service hours they drive terminus to terminus at 20-32 km/h, stop 15-40 s at stops about
// every 350 m and lay over 3-7 min at each terminus; they report every 5 s while in service and every 5 min when parked.
public sealed partial class FleetEngine
{
    private const long BusInterval = 5_000;
    private const long ParkedInterval = 5 * 60_000;
    private readonly Dictionary<string, int> _busesOnRoute;

    private void InitialiseBus(BusSim bus)
    {
        var random = bus.Random;
        bus.CruiseKmh = 20 + (random.NextDouble() * 12);
        bus.LastTickMs = 0;
        if (bus.Route.IsInService(TimeOnly.FromDateTime(LocalTime(bus.Agent.Commune))))
        {
            // Mid-service at the start: spread the route's buses evenly over a round trip.
            var track = bus.Track;
            var along = 2 * track.Length * bus.Rank / Math.Max(1, _busesOnRoute[bus.Route.Id]);
            bus.Forward = along < track.Length;
            bus.Distance = bus.Forward ? along : (2 * track.Length) - along;
            bus.Mode = BusMode.Driving;
            bus.Trip = 1;
            bus.Occupancy = random.NextDouble() * 0.6;
        }
        else
        {
            Park(bus);
        }

        Schedule(random.NextInt64(BusInterval), SimEventKind.Report, bus.Index, 0);
    }

    private static void Park(BusSim bus)
    {
        bus.Mode = BusMode.Parked;
        bus.SpeedKmh = 0;
        bus.Occupancy = 0;
        bus.Distance = 0;
        bus.Forward = true;
    }

    /// <summary>Advances the bus to now, publishes its position unless silenced, and returns the time to its next report.</summary>
    private long TickBus(BusSim bus)
    {
        var elapsedSeconds = (NowMs - bus.LastTickMs) / 1000.0;
        bus.LastTickMs = NowMs;
        var local = LocalTime(bus.Agent.Commune);
        var inService = bus.Route.IsInService(TimeOnly.FromDateTime(local));
        if (bus.Broken > 0 || bus.Stalled > 0)
        {
            bus.SpeedKmh = 0;
        }
        else if (!inService)
        {
            if (bus.Mode != BusMode.Parked)
            {
                Park(bus);
            }
        }
        else if (bus.Mode == BusMode.Parked)
        {
            // Departures one headway apart from the start of service.
            var sinceStart = (TimeOnly.FromDateTime(local) - bus.Route.ServiceStart).TotalMinutes;
            if (sinceStart >= bus.Rank * bus.Route.Headway.TotalMinutes)
            {
                bus.Mode = BusMode.Driving;
                bus.Forward = bus.Rank % 2 == 0;
                bus.Distance = bus.Forward ? 0 : bus.Track.Length;
                bus.Trip++;
            }
        }
        else
        {
            Drive(bus, elapsedSeconds);
        }

        PublishBus(bus);
        return bus.Mode == BusMode.Parked && bus.Broken == 0 ? (inService ? 60_000 : ParkedInterval) : BusInterval;
    }

    private void Drive(BusSim bus, double seconds)
    {
        var random = bus.Random;
        if (bus.Mode is BusMode.Dwelling or BusMode.Layover)
        {
            if (NowMs < bus.WaitUntilMs)
            {
                bus.SpeedKmh = 0;
                return;
            }

            if (bus.Mode == BusMode.Layover)
            {
                bus.Forward = !bus.Forward;
                bus.Trip++;
            }

            bus.Mode = BusMode.Driving;
            bus.Occupancy = Math.Clamp(bus.Occupancy + Jitter(random, 0.15), 0, 1);
        }

        var stops = bus.Track.Stops;
        var target = bus.Forward
            ? stops.FirstOrDefault(s => s > bus.Distance + 0.5, bus.Track.Length)
            : stops.LastOrDefault(s => s < bus.Distance - 0.5, 0);
        var speed = bus.CruiseKmh * (1 + Jitter(random, 0.15)) / 3.6;
        var remaining = Math.Abs(target - bus.Distance);
        var move = speed * seconds;
        if (move >= remaining)
        {
            bus.Distance = target;
            bus.SpeedKmh = 0;
            var terminus = target <= 0 || target >= bus.Track.Length;
            bus.Mode = terminus ? BusMode.Layover : BusMode.Dwelling;
            bus.WaitUntilMs = NowMs + (terminus ? 180_000 + random.NextInt64(240_000) : 15_000 + random.NextInt64(25_000));
        }
        else
        {
            bus.Distance += bus.Forward ? move : -move;
            bus.SpeedKmh = speed * 3.6;
        }
    }

    private void PublishBus(BusSim bus)
    {
        if (bus.Silent > 0)
        {
            return;
        }

        var offset = bus.OffRoute > 0 ? bus.OffRouteMetres : 0;
        var parkedAtDepot = bus.Mode == BusMode.Parked && bus.Broken == 0 && bus.Route.Depot is not null && offset == 0;
        var (lon, lat, heading) = bus.Track.At(bus.Distance, bus.Forward, offset);
        if (parkedAtDepot)
        {
            (lon, lat) = (bus.Route.Depot!.X, bus.Route.Depot.Y);
        }

        _metrics.Clear();
        _metrics.Add(new("lat", Round(lat, 6)));
        _metrics.Add(new("lon", Round(lon, 6)));
        _metrics.Add(new("speed", Round(bus.SpeedKmh, 1)));
        _metrics.Add(new("heading", Round(heading, 0) % 360));
        _metrics.Add(new("serviceStatus", bus.Broken > 0 ? "broken" : bus.Mode == BusMode.Parked ? "parked" : "onRoute"));
        _metrics.Add(new("routeId", bus.Route.Id));
        if (bus.Mode != BusMode.Parked)
        {
            _metrics.Add(new("tripId", $"{bus.Id}-{bus.Trip}"));
        }

        _metrics.Add(new("occupancy", Round(bus.Occupancy, 2)));
        _metrics.Add(new("rssi", Round(-70 + Jitter(bus.Random, 12), 0)));
        PublishTelemetry(bus);
    }
}
