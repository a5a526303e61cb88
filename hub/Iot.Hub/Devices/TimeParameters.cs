using System.Globalization;

namespace Iot.Hub.Devices;

/// <summary>Parses the time parameters of the history API.</summary>
internal static class TimeParameters
{
    /// <summary>ISO 8601 or Unix milliseconds; <paramref name="fallback"/> when empty.</summary>
    public static bool TryParseInstant(string? text, DateTimeOffset fallback, out long unixMs)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            unixMs = fallback.ToUnixTimeMilliseconds();
            return true;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out unixMs))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            unixMs = instant.ToUnixTimeMilliseconds();
            return true;
        }

        return false;
    }

    /// <summary><c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c> or bare milliseconds.</summary>
    public static bool TryParseStep(string text, out long stepMs)
    {
        stepMs = 0;
        var (digits, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1L)
            : text.EndsWith('s') ? (text[..^1], 1000L)
            : text.EndsWith('m') ? (text[..^1], 60_000L)
            : text.EndsWith('h') ? (text[..^1], 3_600_000L)
            : text.EndsWith('d') ? (text[..^1], 86_400_000L)
            : (text, 1L);
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
        {
            return false;
        }

        stepMs = count * unit;
        return true;
    }
}
