namespace Iot.Simulators.Serial;

/// <summary>
/// A bus driving a route out and back for ever: it stops every <c>stopSpacing</c> metres and at both termini for
/// <c>dwell</c>, accelerates and brakes at <c>acceleration</c> and cruises at <c>cruiseSpeed</c> (m/s) in between.
/// Pure: <see cref="StateAt"/> is a function of the time since departure, so a test can ask where the bus was at the
/// instant a fix claims.
/// </summary>
public sealed class BusTrack
{
    private const double EarthRadius = 6_371_008.8;
    private readonly (double Lon, double Lat)[] _points;
    private readonly double[] _cumulative;
    private readonly List<Leg> _legs = [];

    public BusTrack(IReadOnlyList<(double Lon, double Lat)> points, double cruiseSpeed = 12.5, double stopSpacing = 450, double acceleration = 1.0, TimeSpan? dwell = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 2)
        {
            throw new ArgumentException("a route needs at least two points", nameof(points));
        }

        _points = [.. points];
        _cumulative = new double[_points.Length];
        for (var i = 1; i < _points.Length; i++)
        {
            _cumulative[i] = _cumulative[i - 1] + Distance(_points[i - 1].Lat, _points[i - 1].Lon, _points[i].Lat, _points[i].Lon);
        }

        Length = _cumulative[^1];
        var stops = new List<double>();
        for (var d = 0.0; d < Length; d += stopSpacing)
        {
            stops.Add(d);
        }

        stops.Add(Length);
        var dwellSeconds = (dwell ?? TimeSpan.FromSeconds(20)).TotalSeconds;
        var t = 0.0;
        foreach (var outbound in new[] { true, false })
        {
            var sequence = outbound ? stops : [.. Enumerable.Reverse(stops)];
            for (var i = 0; i + 1 < sequence.Count; i++)
            {
                var leg = new Leg(t, sequence[i], sequence[i + 1], outbound, cruiseSpeed, acceleration, dwellSeconds);
                _legs.Add(leg);
                t += leg.Duration;
            }
        }

        Cycle = TimeSpan.FromSeconds(t);
    }

    /// <summary>Route length in metres.</summary>
    public double Length { get; }

    /// <summary>Time for a round trip.</summary>
    public TimeSpan Cycle { get; }

    /// <summary>Where the bus is <paramref name="sinceDeparture"/> after leaving the first terminus.</summary>
    public BusState StateAt(TimeSpan sinceDeparture)
    {
        var t = sinceDeparture.TotalSeconds % Cycle.TotalSeconds;
        if (t < 0)
        {
            t += Cycle.TotalSeconds;
        }

        var leg = _legs[^1];
        foreach (var candidate in _legs)
        {
            if (t < candidate.Start + candidate.Duration)
            {
                leg = candidate;
                break;
            }
        }

        var (travelled, speed) = leg.At(t - leg.Start);
        var along = leg.From + (leg.Outbound ? travelled : -travelled);
        var (lat, lon, bearing) = PointAt(along);
        return new BusState(lat, lon, speed, leg.Outbound ? bearing : (bearing + 180) % 360, along);
    }

    /// <summary>Great-circle distance in metres (haversine).</summary>
    public static double Distance(double lat1, double lon1, double lat2, double lon2)
    {
        var p1 = double.DegreesToRadians(lat1);
        var p2 = double.DegreesToRadians(lat2);
        var dp = p2 - p1;
        var dl = double.DegreesToRadians(lon2 - lon1);
        var h = (Math.Sin(dp / 2) * Math.Sin(dp / 2)) + (Math.Cos(p1) * Math.Cos(p2) * Math.Sin(dl / 2) * Math.Sin(dl / 2));
        return 2 * EarthRadius * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private (double Lat, double Lon, double Bearing) PointAt(double along)
    {
        along = Math.Clamp(along, 0, Length);
        var i = Array.BinarySearch(_cumulative, along);
        i = i >= 0 ? Math.Min(i, _points.Length - 2) : Math.Max(0, ~i - 1);
        i = Math.Min(i, _points.Length - 2);
        var segment = _cumulative[i + 1] - _cumulative[i];
        var f = segment > 0 ? (along - _cumulative[i]) / segment : 0;
        var (a, b) = (_points[i], _points[i + 1]);
        var lat = a.Lat + ((b.Lat - a.Lat) * f);
        var lon = a.Lon + ((b.Lon - a.Lon) * f);
        return (lat, lon, Bearing(a.Lat, a.Lon, b.Lat, b.Lon));
    }

    private static double Bearing(double lat1, double lon1, double lat2, double lon2)
    {
        var p1 = double.DegreesToRadians(lat1);
        var p2 = double.DegreesToRadians(lat2);
        var dl = double.DegreesToRadians(lon2 - lon1);
        var y = Math.Sin(dl) * Math.Cos(p2);
        var x = (Math.Cos(p1) * Math.Sin(p2)) - (Math.Sin(p1) * Math.Cos(p2) * Math.Cos(dl));
        return (double.RadiansToDegrees(Math.Atan2(y, x)) + 360) % 360;
    }

    private sealed class Leg
    {
        private readonly double _accel;
        private readonly double _peak;
        private readonly double _rampTime;
        private readonly double _cruiseTime;

        public Leg(double start, double from, double to, bool outbound, double cruise, double accel, double dwell)
        {
            Start = start;
            From = from;
            Outbound = outbound;
            Length = Math.Abs(to - from);
            _accel = accel;
            _peak = Math.Min(cruise, Math.Sqrt(accel * Length));
            _rampTime = _peak / accel;
            var rampDistance = _peak * _peak / (2 * accel);
            _cruiseTime = (Length - (2 * rampDistance)) / _peak;
            Duration = (2 * _rampTime) + _cruiseTime + dwell;
        }

        public double Start { get; }

        public double From { get; }

        public bool Outbound { get; }

        public double Length { get; }

        public double Duration { get; }

        /// <summary>Distance travelled and speed <paramref name="t"/> seconds into the leg (the dwell comes last).</summary>
        public (double Travelled, double Speed) At(double t)
        {
            var rampDistance = _peak * _peak / (2 * _accel);
            if (t < _rampTime)
            {
                return (0.5 * _accel * t * t, _accel * t);
            }

            t -= _rampTime;
            if (t < _cruiseTime)
            {
                return (rampDistance + (_peak * t), _peak);
            }

            t -= _cruiseTime;
            if (t < _rampTime)
            {
                return (rampDistance + (_peak * _cruiseTime) + (_peak * t) - (0.5 * _accel * t * t), _peak - (_accel * t));
            }

            return (Length, 0);
        }
    }
}

/// <summary>The bus at one instant: position, speed (m/s), heading (degrees true), distance along the route (m).</summary>
public sealed record BusState(double Latitude, double Longitude, double SpeedMps, double Heading, double Along);
