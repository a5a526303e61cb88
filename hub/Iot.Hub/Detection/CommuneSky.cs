using Iot.City;

namespace Iot.Hub.Detection;

/// <summary>
/// The astronomical clock of one commune with the lamps' offsets, cached by period: the answer for an instant is the
/// dark or light period containing it (its start and end), recomputed only when an instant falls outside the cached one.
/// </summary>
internal sealed class CommuneSky(double latitude, double longitude, TimeSpan sunsetOffset, TimeSpan sunriseOffset)
{
    private long _start = long.MaxValue;
    private long _end = long.MinValue;
    private bool _dark;

    /// <summary>Whether lamps are due on at <paramref name="ms"/>, and the period [start, end) of that state.</summary>
    public (bool Dark, long Start, long End) At(long ms)
    {
        if (ms < _start || ms >= _end)
        {
            Compute(ms);
        }

        return (_dark, _start, _end);
    }

    private void Compute(long ms)
    {
        var instant = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        _dark = SolarClock.IsDark(instant, latitude, longitude, sunsetOffset, sunriseOffset);
        _end = SolarClock.NextChange(instant, latitude, longitude, sunsetOffset, sunriseOffset)?.ToUnixTimeMilliseconds() ?? ms + 86_400_000;
        // The last change at or before ms: walk forward from a day and a half earlier.
        var start = ms - 129_600_000L;
        var probe = DateTimeOffset.FromUnixTimeMilliseconds(start);
        while (SolarClock.NextChange(probe, latitude, longitude, sunsetOffset, sunriseOffset) is { } next && next.ToUnixTimeMilliseconds() <= ms)
        {
            start = next.ToUnixTimeMilliseconds();
            probe = next;
        }

        _start = start;
    }
}
