namespace Iot.City;

/// <summary>
/// The astronomical clock: sunrise and sunset for a place and a day, from the sunrise equation (solar declination,
/// equation of time, −0.833° for refraction and the sun's radius). Accurate to about a minute between the polar circles,
/// which is what a lighting schedule needs. Longitudes are east-positive, latitudes north-positive (WGS84 degrees).
/// </summary>
public static class SolarClock
{
    private const double J2000 = 2451545.0;
    private const double UnixEpochJulian = 2440587.5;
    private const double Obliquity = 23.4397;
    private const double HorizonAltitude = -0.833;

    /// <summary>
    /// Sunrise and sunset (UTC) of the solar day whose noon falls on <paramref name="date"/> (UTC) at that longitude.
    /// Both are null on a polar night (<see cref="SolarDay.AlwaysDark"/>) or a midnight-sun day (<see cref="SolarDay.AlwaysLight"/>).
    /// </summary>
    public static SolarDay Compute(DateOnly date, double latitude, double longitude)
    {
        var noonJulian = UnixEpochJulian + date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + 0.5;
        var n = Math.Round(noonJulian - J2000 + 0.0008);
        var meanNoon = n - (longitude / 360.0);
        var anomaly = Normalize(357.5291 + (0.98560028 * meanNoon));
        var m = Radians(anomaly);
        var center = (1.9148 * Math.Sin(m)) + (0.0200 * Math.Sin(2 * m)) + (0.0003 * Math.Sin(3 * m));
        var eclipticLongitude = Radians(Normalize(anomaly + center + 180 + 102.9372));
        var transit = J2000 + meanNoon + (0.0053 * Math.Sin(m)) - (0.0069 * Math.Sin(2 * eclipticLongitude));
        var sinDeclination = Math.Sin(eclipticLongitude) * Math.Sin(Radians(Obliquity));
        var cosDeclination = Math.Cos(Math.Asin(sinDeclination));
        var phi = Radians(latitude);
        var cosHourAngle = (Math.Sin(Radians(HorizonAltitude)) - (Math.Sin(phi) * sinDeclination)) / (Math.Cos(phi) * cosDeclination);
        if (cosHourAngle > 1)
        {
            return new SolarDay(null, null, AlwaysDark: true, AlwaysLight: false);
        }

        if (cosHourAngle < -1)
        {
            return new SolarDay(null, null, AlwaysDark: false, AlwaysLight: true);
        }

        var halfDay = Math.Acos(cosHourAngle) * 180 / Math.PI / 360.0;
        return new SolarDay(FromJulian(transit - halfDay), FromJulian(transit + halfDay), AlwaysDark: false, AlwaysLight: false);
    }

    /// <summary>
    /// Whether street lamps are due on at <paramref name="instant"/>: after sunset + <paramref name="sunsetOffset"/> and before
    /// the next sunrise + <paramref name="sunriseOffset"/>. Positive offsets move the switching later, negative earlier
    /// (a typical schedule lights 10 min after sunset and switches off 10 min before sunrise: +10 min, −10 min).
    /// </summary>
    public static bool IsDark(DateTimeOffset instant, double latitude, double longitude, TimeSpan sunsetOffset = default, TimeSpan sunriseOffset = default)
    {
        var utc = instant.UtcDateTime;
        var today = DateOnly.FromDateTime(utc);
        // The night that contains the instant started on the evening of yesterday or of today.
        foreach (var evening in new[] { today.AddDays(-1), today })
        {
            var day = Compute(evening, latitude, longitude);
            var next = Compute(evening.AddDays(1), latitude, longitude);
            var start = day switch
            {
                { Sunset: { } sunset } => sunset + sunsetOffset,
                { AlwaysDark: true } => new DateTimeOffset(evening.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                _ => (DateTimeOffset?)null,
            };
            var end = next switch
            {
                { Sunrise: { } sunrise } => sunrise + sunriseOffset,
                { AlwaysDark: true } => new DateTimeOffset(evening.AddDays(2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                _ => (DateTimeOffset?)null,
            };
            if (start is { } s && end is { } e && instant >= s && instant < e)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The next instant after <paramref name="instant"/> at which <see cref="IsDark"/> changes, searched minute by minute within 48 h; null if it never does.</summary>
    public static DateTimeOffset? NextChange(DateTimeOffset instant, double latitude, double longitude, TimeSpan sunsetOffset = default, TimeSpan sunriseOffset = default)
    {
        var dark = IsDark(instant, latitude, longitude, sunsetOffset, sunriseOffset);
        var candidates = new List<DateTimeOffset>();
        var today = DateOnly.FromDateTime(instant.UtcDateTime);
        for (var d = -1; d <= 2; d++)
        {
            var day = Compute(today.AddDays(d), latitude, longitude);
            if (day.Sunset is { } sunset)
            {
                candidates.Add(sunset + sunsetOffset);
            }

            if (day.Sunrise is { } sunrise)
            {
                candidates.Add(sunrise + sunriseOffset);
            }
        }

        foreach (var candidate in candidates.Where(c => c > instant).Order())
        {
            if (IsDark(candidate, latitude, longitude, sunsetOffset, sunriseOffset) != dark)
            {
                return candidate;
            }
        }

        return null;
    }

    private static DateTimeOffset FromJulian(double julian) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round((julian - UnixEpochJulian) * 86_400_000.0));

    private static double Radians(double degrees) => degrees * Math.PI / 180.0;

    private static double Normalize(double degrees) => ((degrees % 360) + 360) % 360;
}

/// <summary>One solar day at one place: sunrise and sunset in UTC, or a polar night / midnight sun.</summary>
public sealed record SolarDay(DateTimeOffset? Sunrise, DateTimeOffset? Sunset, bool AlwaysDark, bool AlwaysLight);
