namespace Iot.Edge.Drivers.Nmea;

/// <summary>A valid position fix. Speed in km/h (converted from knots), heading in degrees true; either may be unknown.</summary>
public sealed record NmeaFix(DateTimeOffset Time, double Latitude, double Longitude, double? SpeedKmh, double? HeadingDegrees)
{
    public const double KmhPerKnot = 1.852;
}
