using System.Globalization;
using Iot.City;

namespace Iot.Dashboard.Formatting;

/// <summary>
/// Shows instants in the commune's own time zone (the city file's IANA zone, e.g. <c>Europe/Paris</c>), formatted in the
/// page's culture: a technician reads the time on the street's clock, whatever the server's zone.
/// </summary>
public sealed class CityClock
{
    private readonly Dictionary<string, TimeZoneInfo> _zones = new(StringComparer.Ordinal);
    private readonly TimeZoneInfo _default;

    public CityClock(CityModel city)
    {
        ArgumentNullException.ThrowIfNull(city);
        foreach (var commune in city.Communes)
        {
            _zones[commune.Id] = TimeZoneInfo.TryFindSystemTimeZoneById(commune.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
        }

        _default = city.Communes.Count > 0 ? _zones[city.Communes[0].Id] : TimeZoneInfo.Utc;
    }

    public TimeZoneInfo ZoneOf(string? communeId) =>
        communeId is not null && _zones.TryGetValue(communeId, out var zone) ? zone : _default;

    public DateTimeOffset ToLocal(DateTimeOffset at, string? communeId = null) => TimeZoneInfo.ConvertTime(at, ZoneOf(communeId));

    /// <summary>Date and time (short pattern of the current culture, Gregorian calendar) in the commune's zone; "—" for none.</summary>
    public string Format(DateTimeOffset? at, string? communeId = null) =>
        at is { } value ? ToLocal(value, communeId).ToString("g", Culture()) : "—";

    /// <summary>Time of day only, for the chart's axis.</summary>
    public string FormatTime(DateTimeOffset at, string? communeId = null) => ToLocal(at, communeId).ToString("t", Culture());

    /// <summary>
    /// The current culture, with the Gregorian calendar where its default is another one (Arabic defaults to the Hijri
    /// calendar of Saudi Arabia; the commune's deadlines are civil dates).
    /// </summary>
    public static CultureInfo Culture()
    {
        var culture = CultureInfo.CurrentCulture;
        return culture.Calendar is GregorianCalendar ? culture : Gregorian.GetOrAdd(culture.Name, static (_, c) => WithGregorian(c), culture);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, CultureInfo> Gregorian = new(StringComparer.Ordinal);

    private static CultureInfo WithGregorian(CultureInfo culture)
    {
        var gregorian = culture.OptionalCalendars.FirstOrDefault(c => c is GregorianCalendar);
        if (gregorian is null)
        {
            return culture;
        }

        var clone = (CultureInfo)culture.Clone();
        clone.DateTimeFormat.Calendar = gregorian;
        return clone;
    }
}
