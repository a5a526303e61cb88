using Iot.City;

namespace Iot.Hub.Detection;

/// <summary>A route's service hours in its commune's time zone: whether an instant is in service, and when service starts.</summary>
internal sealed class ServiceCalendar(BusRoute route, TimeZoneInfo zone)
{
    public BusRoute Route { get; } = route;

    public bool InService(long ms) => Route.IsInService(TimeOnly.FromDateTime(Local(ms)));

    /// <summary>When the service period containing <paramref name="ms"/> started (call only when in service).</summary>
    public long CurrentStart(long ms)
    {
        var local = Local(ms);
        var date = DateOnly.FromDateTime(local);
        var time = TimeOnly.FromDateTime(local);
        if (Route.ServiceEnd < Route.ServiceStart && time < Route.ServiceStart)
        {
            date = date.AddDays(-1); // a service past midnight started yesterday evening
        }

        return ToUtcMs(date, Route.ServiceStart);
    }

    /// <summary>The first service start strictly after <paramref name="ms"/>.</summary>
    public long NextStart(long ms)
    {
        var date = DateOnly.FromDateTime(Local(ms)).AddDays(-1);
        for (var i = 0; i < 4; i++, date = date.AddDays(1))
        {
            var start = ToUtcMs(date, Route.ServiceStart);
            if (start > ms)
            {
                return start;
            }
        }

        return ms + 86_400_000;
    }

    /// <summary>The end of the service period containing <paramref name="ms"/> (call only when in service).</summary>
    public long CurrentEnd(long ms)
    {
        var start = CurrentStart(ms);
        var length = Route.ServiceEnd.ToTimeSpan() - Route.ServiceStart.ToTimeSpan();
        if (length <= TimeSpan.Zero)
        {
            length += TimeSpan.FromDays(1);
        }

        return start + (long)length.TotalMilliseconds;
    }

    private DateTime Local(long ms) => TimeZoneInfo.ConvertTimeFromUtc(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime, zone);

    private long ToUtcMs(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1); // a start inside a spring-forward gap happens just after it
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUnixTimeMilliseconds();
    }
}
