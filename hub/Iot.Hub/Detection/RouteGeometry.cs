using Iot.City;
using NetTopologySuite.Geometries;
using NetTopologySuite.LinearReferencing;

namespace Iot.Hub.Detection;

/// <summary>
/// A route's shape in metres: WGS84 degrees projected onto a local equirectangular plane centred on the route
/// (good to well under 1 % across a town), so NetTopologySuite's planar distance is a distance in metres.
/// </summary>
internal sealed class RouteGeometry
{
    private static readonly GeometryFactory Plane = new();
    private readonly double _lon0;
    private readonly double _lat0;
    private readonly double _perLon;
    private readonly double _perLat;
    private readonly LineString _shape;
    private readonly Point[] _stops;

    public RouteGeometry(BusRoute route)
    {
        var centre = route.Shape.EnvelopeInternal.Centre;
        _lon0 = centre.X;
        _lat0 = centre.Y;
        (_perLon, _perLat) = CityGeometry.MetersPerDegree(_lat0);
        _shape = Plane.CreateLineString([.. route.Shape.Coordinates.Select(Project)]);
        _stops = [.. new[] { route.FirstTerminus, route.LastTerminus, route.Depot }.OfType<Point>().Select(p => Plane.CreatePoint(Project(p.Coordinate)))];
        var middle = new LengthIndexedLine(route.Shape).ExtractPoint(route.Shape.Length / 2);
        Midpoint = (middle.X, middle.Y);
    }

    /// <summary>Longitude and latitude half-way along the route (where a route-level ticket is placed).</summary>
    public (double Longitude, double Latitude) Midpoint { get; }

    /// <summary>Metres from the position to the route's line.</summary>
    public double DistanceToRoute(double longitude, double latitude) => _shape.Distance(Plane.CreatePoint(Project(new Coordinate(longitude, latitude))));

    /// <summary>Metres from the position to the nearest terminus or the depot.</summary>
    public double DistanceToTerminusOrDepot(double longitude, double latitude)
    {
        var p = Plane.CreatePoint(Project(new Coordinate(longitude, latitude)));
        return _stops.Min(s => s.Distance(p));
    }

    private Coordinate Project(Coordinate c) => new((c.X - _lon0) * _perLon, (c.Y - _lat0) * _perLat);
}
