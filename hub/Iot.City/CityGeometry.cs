using NetTopologySuite.Geometries;

namespace Iot.City;

/// <summary>
/// Geometry conventions of the city model: WGS84 (SRID 4326), X = longitude and Y = latitude in degrees,
/// and small-distance helpers in metres (equirectangular, good to well under 1 % across a town).
/// </summary>
public static class CityGeometry
{
    /// <summary>Mean Earth radius (IUGG), metres.</summary>
    public const double EarthRadiusMeters = 6_371_008.8;

    /// <summary>The factory every city geometry is made with.</summary>
    public static GeometryFactory Factory { get; } = new(new PrecisionModel(), 4326);

    /// <summary>Ground distance in metres between two WGS84 positions (haversine).</summary>
    public static double MetersBetween(Coordinate a, Coordinate b)
    {
        var lat1 = DegreesToRadians(a.Y);
        var lat2 = DegreesToRadians(b.Y);
        var dLat = lat2 - lat1;
        var dLon = DegreesToRadians(b.X - a.X);
        var h = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2))
            + (Math.Cos(lat1) * Math.Cos(lat2) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>The position <paramref name="eastMeters"/> east and <paramref name="northMeters"/> north of <paramref name="origin"/>.</summary>
    public static Coordinate Offset(Coordinate origin, double eastMeters, double northMeters)
    {
        var latitude = origin.Y + RadiansToDegrees(northMeters / EarthRadiusMeters);
        var longitude = origin.X + RadiansToDegrees(eastMeters / (EarthRadiusMeters * Math.Cos(DegreesToRadians(origin.Y))));
        return new Coordinate(longitude, latitude);
    }

    /// <summary>Metres per degree of longitude at <paramref name="latitude"/>, and per degree of latitude.</summary>
    public static (double PerDegreeLongitude, double PerDegreeLatitude) MetersPerDegree(double latitude)
    {
        var perLatitude = DegreesToRadians(EarthRadiusMeters);
        return (perLatitude * Math.Cos(DegreesToRadians(latitude)), perLatitude);
    }

    private static double DegreesToRadians(double degrees) => degrees * Math.PI / 180;

    private static double RadiansToDegrees(double radians) => radians * 180 / Math.PI;
}
