using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Iot.City.Internal;

/// <summary>
/// ISO 8601 durations restricted to days and clock time, <c>P[nD][T[nH][nM][n[.f]S]]</c>: "PT30M", "PT4H", "P7D", "P1DT12H".
/// Years and months are refused because their length varies.
/// </summary>
internal static partial class IsoDuration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var match = DurationRegex().Match(text);
        if (!match.Success || text == "P" || text.EndsWith('T'))
        {
            return false;
        }

        var ticks = (Group(match, 1) * TimeSpan.TicksPerDay)
            + (Group(match, 2) * TimeSpan.TicksPerHour)
            + (Group(match, 3) * TimeSpan.TicksPerMinute);
        if (match.Groups[4].Success)
        {
            var seconds = decimal.Parse(match.Groups[4].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            ticks += (long)decimal.Round(seconds * TimeSpan.TicksPerSecond);
        }

        value = TimeSpan.FromTicks(ticks);
        return true;
    }

    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A duration in a city file is never negative.");
        }

        if (value == TimeSpan.Zero)
        {
            return "PT0S";
        }

        var text = new StringBuilder("P");
        if (value.Days > 0)
        {
            text.Append(value.Days.ToString(CultureInfo.InvariantCulture)).Append('D');
        }

        var clockTicks = value.Ticks % TimeSpan.TicksPerDay;
        if (clockTicks != 0)
        {
            text.Append('T');
            AppendPart(text, value.Hours, 'H');
            AppendPart(text, value.Minutes, 'M');
            var secondTicks = clockTicks % TimeSpan.TicksPerMinute;
            if (secondTicks != 0)
            {
                var seconds = (decimal)secondTicks / TimeSpan.TicksPerSecond;
                text.Append(seconds.ToString("0.#######", CultureInfo.InvariantCulture)).Append('S');
            }
        }

        return text.ToString();
    }

    private static void AppendPart(StringBuilder text, int amount, char unit)
    {
        if (amount != 0)
        {
            text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }

    private static long Group(Match match, int index) =>
        match.Groups[index].Success ? long.Parse(match.Groups[index].Value, CultureInfo.InvariantCulture) : 0;

    // The digit limits keep the sum far below TimeSpan.MaxValue.
    [GeneratedRegex(@"^P(?:(\d{1,6})D)?(?:T(?:(\d{1,7})H)?(?:(\d{1,9})M)?(?:(\d{1,10}(?:\.\d{1,7})?)S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationRegex();
}
