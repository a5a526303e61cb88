using System.Globalization;

namespace Iot.Hub.Indicators;

/// <summary>The length of an indicator period: a day, an ISO week (Monday to Sunday) or a calendar month.</summary>
public enum IndicatorGranularity
{
    Day,
    Week,
    Month,
}

/// <summary>Periods and day boundaries in a commune's time zone.</summary>
public static class IndicatorPeriods
{
    public static bool TryParse(string? text, out IndicatorGranularity granularity)
    {
        (var ok, granularity) = text switch
        {
            "day" => (true, IndicatorGranularity.Day),
            "week" => (true, IndicatorGranularity.Week),
            "month" => (true, IndicatorGranularity.Month),
            _ => (false, IndicatorGranularity.Month),
        };
        return ok;
    }

    public static string ToWire(IndicatorGranularity granularity) => granularity switch
    {
        IndicatorGranularity.Day => "day",
        IndicatorGranularity.Week => "week",
        _ => "month",
    };

    /// <summary>The period containing <paramref name="date"/>: first day, first day after, and its label.</summary>
    public static (DateOnly Start, DateOnly End, string Label) Containing(DateOnly date, IndicatorGranularity granularity)
    {
        switch (granularity)
        {
            case IndicatorGranularity.Day:
                return (date, date.AddDays(1), date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            case IndicatorGranularity.Week:
                var monday = date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
                var when = monday.ToDateTime(TimeOnly.MinValue);
                var label = string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(when)}-W{ISOWeek.GetWeekOfYear(when):00}");
                return (monday, monday.AddDays(7), label);
            default:
                var first = new DateOnly(date.Year, date.Month, 1);
                return (first, first.AddMonths(1), first.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The periods covering [<paramref name="from"/>, <paramref name="to"/>), each whole.</summary>
    public static IReadOnlyList<(DateOnly Start, DateOnly End, string Label)> Covering(DateOnly from, DateOnly to, IndicatorGranularity granularity)
    {
        var periods = new List<(DateOnly, DateOnly, string)>();
        for (var date = from; date < to;)
        {
            var period = Containing(date, granularity);
            periods.Add(period);
            date = period.End;
        }

        return periods;
    }

    /// <summary>Local midnight starting <paramref name="date"/> in <paramref name="zone"/>, as an instant.</summary>
    public static DateTimeOffset StartOf(DateOnly date, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30); // a day that starts inside a spring-forward gap starts just after it
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>The commune-local date of an instant.</summary>
    public static DateOnly DateOf(long unixMs, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMs), zone).DateTime);
}
