using System.Globalization;
using Xunit;

namespace Iot.City.Tests.Solar;

public sealed class SolarClockTests
{
    // Reference times: NOAA Solar Calculator (gml.noaa.gov/grad/solcalc), rounded to the minute.
    [Theory]
    [InlineData(48.8566, 2.3522, "2024-06-21", "03:47", "19:58")] // Paris, summer solstice
    [InlineData(48.8566, 2.3522, "2024-12-21", "07:42", "15:56")] // Paris, winter solstice
    [InlineData(-33.8688, 151.2093, "2024-06-21", "21:00", "06:53")] // Sydney: sunrise is on the previous UTC day
    public void Sunrise_and_sunset_agree_with_NOAA_within_two_minutes(double lat, double lon, string date, string sunrise, string sunset)
    {
        var day = SolarClock.Compute(DateOnly.Parse(date, CultureInfo.InvariantCulture), lat, lon);

        Assert.NotNull(day.Sunrise);
        Assert.NotNull(day.Sunset);
        AssertClose(TimeOnly.Parse(sunrise, CultureInfo.InvariantCulture), TimeOnly.FromDateTime(day.Sunrise.Value.UtcDateTime));
        AssertClose(TimeOnly.Parse(sunset, CultureInfo.InvariantCulture), TimeOnly.FromDateTime(day.Sunset.Value.UtcDateTime));
    }

    [Fact]
    public void Polar_night_and_midnight_sun_have_no_sunrise()
    {
        var tromso = (lat: 69.6492, lon: 18.9553);
        var winter = SolarClock.Compute(new DateOnly(2024, 12, 21), tromso.lat, tromso.lon);
        var summer = SolarClock.Compute(new DateOnly(2024, 6, 21), tromso.lat, tromso.lon);

        Assert.True(winter.AlwaysDark);
        Assert.Null(winter.Sunrise);
        Assert.True(summer.AlwaysLight);
        Assert.True(SolarClock.IsDark(new DateTimeOffset(2024, 12, 21, 12, 0, 0, TimeSpan.Zero), tromso.lat, tromso.lon));
        Assert.False(SolarClock.IsDark(new DateTimeOffset(2024, 6, 21, 0, 0, 0, TimeSpan.Zero), tromso.lat, tromso.lon));
    }

    [Fact]
    public void IsDark_switches_at_sunset_plus_offset_and_sunrise_plus_offset()
    {
        const double lat = 43.7031, lon = 7.2661;
        var day = SolarClock.Compute(new DateOnly(2026, 11, 23), lat, lon);
        var next = SolarClock.Compute(new DateOnly(2026, 11, 24), lat, lon);
        var sunset = day.Sunset!.Value;
        var sunrise = next.Sunrise!.Value;
        var on = TimeSpan.FromMinutes(10);
        var off = TimeSpan.FromMinutes(-10);

        Assert.False(SolarClock.IsDark(sunset + on - TimeSpan.FromSeconds(1), lat, lon, on, off));
        Assert.True(SolarClock.IsDark(sunset + on, lat, lon, on, off));
        Assert.True(SolarClock.IsDark(sunrise + off - TimeSpan.FromSeconds(1), lat, lon, on, off));
        Assert.False(SolarClock.IsDark(sunrise + off, lat, lon, on, off));
        Assert.Equal(sunset + on, SolarClock.NextChange(sunset - TimeSpan.FromHours(2), lat, lon, on, off));
        Assert.Equal(sunrise + off, SolarClock.NextChange(sunset + TimeSpan.FromHours(2), lat, lon, on, off));
    }

    private static void AssertClose(TimeOnly expected, TimeOnly actual)
    {
        var difference = Math.Abs((actual.ToTimeSpan() - expected.ToTimeSpan()).TotalMinutes);
        difference = Math.Min(difference, (24 * 60) - difference);
        Assert.True(difference <= 2, $"expected {expected}, got {actual}");
    }
}
