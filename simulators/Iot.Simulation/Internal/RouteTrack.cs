using NetTopologySuite.Geometries;

namespace Iot.Simulation.Internal;

/// <summary>
/// A bus route in local metres (equirectangular around its first point, good to a few centimetres over a town), with
/// cumulative distances and evenly spaced stops about every 350 m, termini included.
/// </summary>
internal sealed class RouteTrack
{
    private const double MetresPerDegreeLat = 110_574;
    private const double MetresPerDegreeLonAtEquator = 111_320;
    private readonly double _lon0;
    private readonly double _lat0;
    private readonly double _cosLat0;
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double[] _cumulative;

    public RouteTrack(LineString shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var coordinates = shape.Coordinates;
        _lon0 = coordinates[0].X;
        _lat0 = coordinates[0].Y;
        _cosLat0 = Math.Cos(_lat0 * Math.PI / 180);
        _x = new double[coordinates.Length];
        _y = new double[coordinates.Length];
        _cumulative = new double[coordinates.Length];
        for (var i = 0; i < coordinates.Length; i++)
        {
            (_x[i], _y[i]) = ToLocal(coordinates[i].X, coordinates[i].Y);
            if (i > 0)
            {
                _cumulative[i] = _cumulative[i - 1] + Math.Sqrt(Math.Pow(_x[i] - _x[i - 1], 2) + Math.Pow(_y[i] - _y[i - 1], 2));
            }
        }

        Length = _cumulative[^1];
        var stops = Math.Max(1, (int)Math.Round(Length / 350));
        Stops = [.. Enumerable.Range(0, stops + 1).Select(i => Length * i / stops)];
    }

    public double Length { get; }

    /// <summary>Distances of the stops along the route, from 0 to <see cref="Length"/>.</summary>
    public double[] Stops { get; }

    /// <summary>
    /// Position at <paramref name="distance"/> along the route, shifted <paramref name="offset"/> metres to the right of the
    /// direction of travel; heading in compass degrees [0, 360) for that direction.
    /// </summary>
    public (double Lon, double Lat, double Heading) At(double distance, bool forward, double offset = 0)
    {
        distance = Math.Clamp(distance, 0, Length);
        var i = Array.BinarySearch(_cumulative, distance);
        var segment = i >= 0 ? Math.Min(i, _x.Length - 2) : Math.Max(0, ~i - 1);
        var segmentLength = _cumulative[segment + 1] - _cumulative[segment];
        var f = segmentLength > 0 ? (distance - _cumulative[segment]) / segmentLength : 0;
        var dx = _x[segment + 1] - _x[segment];
        var dy = _y[segment + 1] - _y[segment];
        if (!forward)
        {
            dx = -dx;
            dy = -dy;
        }

        var norm = Math.Max(1e-9, Math.Sqrt((dx * dx) + (dy * dy)));
        var x = _x[segment] + (f * (_x[segment + 1] - _x[segment])) + (offset * dy / norm);
        var y = _y[segment] + (f * (_y[segment + 1] - _y[segment])) - (offset * dx / norm);
        var heading = (Math.Atan2(dx, dy) * 180 / Math.PI + 360) % 360;
        var (lon, lat) = ToWgs84(x, y);
        return (lon, lat, heading);
    }

    /// <summary>Shortest distance in metres from a WGS84 point to the route.</summary>
    public double DistanceTo(double lon, double lat)
    {
        var (px, py) = ToLocal(lon, lat);
        var best = double.MaxValue;
        for (var i = 0; i + 1 < _x.Length; i++)
        {
            var dx = _x[i + 1] - _x[i];
            var dy = _y[i + 1] - _y[i];
            var lengthSquared = (dx * dx) + (dy * dy);
            var t = lengthSquared > 0 ? Math.Clamp((((px - _x[i]) * dx) + ((py - _y[i]) * dy)) / lengthSquared, 0, 1) : 0;
            var ex = _x[i] + (t * dx) - px;
            var ey = _y[i] + (t * dy) - py;
            best = Math.Min(best, Math.Sqrt((ex * ex) + (ey * ey)));
        }

        return best;
    }

    private (double X, double Y) ToLocal(double lon, double lat) =>
        ((lon - _lon0) * MetresPerDegreeLonAtEquator * _cosLat0, (lat - _lat0) * MetresPerDegreeLat);

    private (double Lon, double Lat) ToWgs84(double x, double y) =>
        (_lon0 + (x / (MetresPerDegreeLonAtEquator * _cosLat0)), _lat0 + (y / MetresPerDegreeLat));
}
