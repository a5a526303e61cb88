using Iot.City;
using Iot.Contracts;
using Iot.Hub.Detection;

namespace Iot.Hub.Indicators.Internal;

/// <summary>
/// When each asset's service is due, within one span: lamps and cabinets between sunset and sunrise (with the
/// <c>Detection:Streetlight</c> offsets, at the commune's coordinates), buses in their route's service hours, bins always.
/// </summary>
internal sealed class DueHours(Commune commune, TimeZoneInfo zone, TimeSpan sunsetOffset, TimeSpan sunriseOffset, long fromMs, long toMs)
{
    private readonly Dictionary<string, List<(long Start, long End)>> _routes = new(StringComparer.Ordinal);
    private List<(long Start, long End)>? _night;

    public long FromMs => fromMs;

    public long ToMs => toMs;

    public IReadOnlyList<(long Start, long End)> For(Asset asset, BusRoute? route) => asset.Service switch
    {
        ServiceKind.Streetlight or ServiceKind.Cabinet => _night ??= Night(),
        ServiceKind.Bus when route is not null => Service(route),
        ServiceKind.Bus => [],
        _ => [(fromMs, toMs)],
    };

    private List<(long, long)> Night()
    {
        var spans = new List<(long, long)>();
        var at = DateTimeOffset.FromUnixTimeMilliseconds(fromMs);
        var dark = SolarClock.IsDark(at, commune.Latitude, commune.Longitude, sunsetOffset, sunriseOffset);
        while (at.ToUnixTimeMilliseconds() < toMs)
        {
            var next = SolarClock.NextChange(at, commune.Latitude, commune.Longitude, sunsetOffset, sunriseOffset);
            var end = Math.Min(next?.ToUnixTimeMilliseconds() ?? toMs, toMs);
            if (dark)
            {
                spans.Add((at.ToUnixTimeMilliseconds(), end));
            }

            if (next is null)
            {
                break;
            }

            at = next.Value;
            dark = !dark;
        }

        return spans;
    }

    private List<(long, long)> Service(BusRoute route)
    {
        if (_routes.TryGetValue(route.Id, out var cached))
        {
            return cached;
        }

        var calendar = new ServiceCalendar(route, zone);
        var spans = new List<(long, long)>();
        var at = fromMs;
        if (!calendar.InService(at))
        {
            at = calendar.NextStart(at);
        }

        while (at < toMs)
        {
            var end = Math.Min(calendar.CurrentEnd(at), toMs);
            if (end > at)
            {
                spans.Add((at, end));
            }

            var next = calendar.NextStart(at);
            if (next <= at)
            {
                break;
            }

            at = next;
        }

        _routes[route.Id] = spans;
        return spans;
    }
}
