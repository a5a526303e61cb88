namespace Iot.Edge.Drivers.Nmea;

/// <summary>A checked NMEA 0183 sentence this project understands.</summary>
public abstract record NmeaSentence(string Talker, TimeOnly? Time);

/// <summary>
/// RMC (recommended minimum): <see cref="Valid"/> is true for status <c>A</c> with a position, a time, a date and a
/// mode indicator (NMEA 2.3+) other than <c>N</c>. Speed is in knots, course in degrees true; either may be absent.
/// </summary>
public sealed record RmcSentence(
    string Talker,
    TimeOnly? Time,
    DateOnly? Date,
    bool Valid,
    double? Latitude,
    double? Longitude,
    double? SpeedKnots,
    double? CourseDegrees) : NmeaSentence(Talker, Time)
{
    public DateTimeOffset? Timestamp => Date is { } d && Time is { } t ? new DateTimeOffset(d.ToDateTime(t), TimeSpan.Zero) : null;
}

/// <summary>GGA (fix data): <see cref="Quality"/> 0 means no fix.</summary>
public sealed record GgaSentence(
    string Talker,
    TimeOnly? Time,
    int Quality,
    double? Latitude,
    double? Longitude,
    int? Satellites,
    double? Hdop,
    double? AltitudeMetres) : NmeaSentence(Talker, Time)
{
    public bool HasFix => Quality > 0 && Latitude is not null && Longitude is not null;
}
