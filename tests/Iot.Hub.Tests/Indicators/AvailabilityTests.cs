using Iot.City;
using Iot.Contracts;
using Iot.Hub.Indicators;
using Iot.Hub.Tickets;
using static Iot.Hub.Tests.Indicators.IndicatorsHarness;

namespace Iot.Hub.Tests.Indicators;

/// <summary>
/// Availability and bin overflow against values computed by hand on constructed histories. The day is Monday
/// 2026-11-23 in Europe/Paris (UTC+1): it runs from 2026-11-22T23:00Z to 2026-11-23T23:00Z.
/// </summary>
public sealed class AvailabilityTests
{
    private const double Hour = 3_600_000;
    private static readonly DateOnly Day = new(2026, 11, 23);
    private static readonly DateTimeOffset After = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Bins_OutageAcrossMidnightAndSilence_SplitByDayWithUnknownAsCoverage()
    {
        await using var h = new IndicatorsHarness(After);
        await h.StartAsync();
        var fill = (string Name, MetricValue Value) (double level) => ("fillingLevel", MetricValue.FromNumber(level));

        // BIN-0001: heard before the day; full 10:00–13:00; a fault 21:00Z → 01:00Z next day (crosses local midnight at 23:00Z).
        h.Telemetry("BIN-0001", Ms("2026-11-22T22:00:00Z"), fill(0.5));
        h.Telemetry("BIN-0001", Ms("2026-11-23T10:00:00Z"), fill(1.0));
        h.Telemetry("BIN-0001", Ms("2026-11-23T13:00:00Z"), fill(0.2));
        await h.TicketAsync("BIN-0001", RuleNames.BinDamaged, "medium", Ms("2026-11-23T21:00:00Z"), resolvedMs: Ms("2026-11-24T01:00:00Z"));

        // BIN-0002: heard before the day, silent 05:00–09:00 (a device_silent ticket, then a message): unknown, not up.
        h.Telemetry("BIN-0002", Ms("2026-11-22T20:00:00Z"), fill(0.3));
        await h.TicketAsync("BIN-0002", RuleNames.DeviceSilent, "medium", Ms("2026-11-23T05:00:00Z"));
        h.Telemetry("BIN-0002", Ms("2026-11-23T09:00:00Z"), fill(0.3));
        await h.FlushAsync();

        var bins = h.Registry.City.Assets.Count(a => a.Service == ServiceKind.Wastebin);
        var day = await h.DayAsync(Day, service: "wastebin");

        // Up: BIN-0001 22 h (23:00Z → 21:00Z) + BIN-0002 6 h + 14 h; down: 2 h (21:00Z → 23:00Z); every other bin unknown all day.
        var availability = day.Indicators.Single(v => v.Id == KpiTargets.Availability);
        Assert.Equal(42, availability.Numerator, 6);
        Assert.Equal(44, availability.Denominator, 6);
        Assert.Equal(42.0 / 44, availability.Value!.Value, 9);
        Assert.Equal(44.0 / (bins * 24), availability.Coverage, 9);

        // Full 3 h over the known fill time: 24 h (BIN-0001) + 20 h (BIN-0002, unknown 05:00–09:00).
        var overflow = day.Indicators.Single(v => v.Id == KpiTargets.BinOverflowRate);
        Assert.Equal(3.0 / 44, overflow.Value!.Value, 9);
        Assert.Equal(44.0 / (bins * 24), overflow.Coverage, 9);

        // The next day: down 23:00Z → 01:00Z, then up; BIN-0002 up all day.
        var next = (await h.DayAsync(Day.AddDays(1), service: "wastebin")).Indicators.Single(v => v.Id == KpiTargets.Availability);
        Assert.Equal(46.0 / 48, next.Value!.Value, 9);

        // The week (Mon 23 → Sun 29, clock on Thursday 26 at 12:00Z): sums the days, today up to now.
        var week = (await h.Indicators.QueryAsync(new IndicatorQuery("demo", Day, Day.AddDays(1), IndicatorGranularity.Week, "wastebin"), CancellationToken.None)).Periods[0];
        Assert.Equal("2026-W48", week.Label);
        Assert.True(week.Partial);
        var weekAvailability = week.Indicators.Single(v => v.Id == KpiTargets.Availability);
        // Thursday 26 runs 25T23:00Z → now 26T12:00Z = 13 h for each bin: 26 h up. Total up 42 + 46 + 48 + 26, down 2 + 2.
        Assert.Equal(162.0 / 166, weekAvailability.Value!.Value, 9);
    }

    [Fact]
    public async Task Lamps_FailureInDaylightDoesNotCount_OverlappingTicketsCountOnce()
    {
        await using var h = new IndicatorsHarness(After);
        await h.StartAsync();
        var lit = ("powerState", MetricValue.FromText("on"));
        h.Telemetry("LAMP-001-01", Ms("2026-11-22T12:00:00Z"), lit);
        h.Telemetry("LAMP-001-02", Ms("2026-11-22T12:00:00Z"), lit);

        // LAMP-001-01 fails and is repaired in daylight (sunset is about 15:55Z): no night time lost.
        await h.TicketAsync("LAMP-001-01", RuleNames.LampFault, "medium", Ms("2026-11-23T10:00:00Z"), resolvedMs: Ms("2026-11-23T14:00:00Z"));

        // LAMP-001-02: two overlapping tickets, 20:00Z → 22:00Z and 21:00Z → 23:30Z: down 20:00Z → 23:30Z once, 3 h of it this day.
        await h.TicketAsync("LAMP-001-02", RuleNames.LampFault, "medium", Ms("2026-11-23T20:00:00Z"), resolvedMs: Ms("2026-11-23T22:00:00Z"));
        await h.TicketAsync("LAMP-001-02", RuleNames.LampOutAtNight, "medium", Ms("2026-11-23T21:00:00Z"), resolvedMs: Ms("2026-11-23T23:30:00Z"));
        await h.FlushAsync();

        // Night within the day, by the astronomical clock and the default offsets (sunset + 10 min, sunrise − 10 min).
        var night = NightMs(Ms("2026-11-22T23:00:00Z"), Ms("2026-11-23T23:00:00Z"));
        Assert.InRange(night / Hour, 14, 16);

        var availability = (await h.DayAsync(Day, service: "streetlight")).Indicators.Single(v => v.Id == KpiTargets.Availability);
        Assert.Equal((2 * night) - (3 * Hour), availability.Numerator * Hour, 0);
        Assert.Equal(2 * night, availability.Denominator * Hour, 0);
        Assert.Equal(((2 * night) - (3 * Hour)) / (2 * night), availability.Value!.Value, 9);

        // Three fault tickets were opened (the daylight one counts as a fault; it just costs no due time).
        var faults = (await h.DayAsync(Day, service: "streetlight")).Indicators.Single(v => v.Id == KpiTargets.FaultRate);
        Assert.Equal(3, faults.Numerator);
    }

    [Fact]
    public async Task AgentOffline_MakesItsAssetsUnknown_NotDown()
    {
        await using var h = new IndicatorsHarness(After);
        await h.StartAsync();
        h.Telemetry("BIN-0001", Ms("2026-11-22T22:00:00Z"));
        h.Recorder.OnAgentState("GW-01", online: false, clean: false, Ms("2026-11-23T11:00:00Z"));
        h.Recorder.OnAgentState("GW-01", online: true, clean: true, Ms("2026-11-23T12:00:00Z"));
        await h.FlushAsync();

        // Back online is not data yet: BIN-0001 stays unknown until it reports again (it never does here).
        var availability = (await h.DayAsync(Day, service: "wastebin", district: "D-01")).Indicators.Single(v => v.Id == KpiTargets.Availability);
        Assert.Equal(12, availability.Numerator, 6); // 23:00Z → 11:00Z up
        Assert.Equal(1.0, availability.Value);
    }

    [Fact]
    public async Task Rollup_RunTwice_GivesTheSameRows()
    {
        await using var h = new IndicatorsHarness(After);
        await h.StartAsync();
        h.Telemetry("BIN-0001", Ms("2026-11-22T22:00:00Z"));
        await h.TicketAsync("BIN-0001", RuleNames.BinDamaged, "medium", Ms("2026-11-23T21:00:00Z"), resolvedMs: Ms("2026-11-24T01:00:00Z"));
        await h.FlushAsync();
        var commune = h.Indicators.FindCommune("demo")!;

        Assert.Equal(3, await h.Indicators.RollUpAsync(commune, Day, Day.AddDays(3), replace: true, CancellationToken.None));
        var first = await DumpAsync(h);
        Assert.Equal(3, await h.Indicators.RollUpAsync(commune, Day, Day.AddDays(3), replace: true, CancellationToken.None));
        Assert.Equal(0, await h.Indicators.RollUpAsync(commune, Day, Day.AddDays(3), replace: false, CancellationToken.None));
        Assert.Equal(first, await DumpAsync(h));
        Assert.NotEmpty(first);

        // Today (the 26th) is never stored: it is still running.
        Assert.Equal(0, await h.Indicators.RollUpAsync(commune, Day.AddDays(3), Day.AddDays(4), replace: true, CancellationToken.None));
    }

    [Fact]
    public async Task Restart_TimeSinceTheLastHeartbeatIsUnknown()
    {
        await using var h = new IndicatorsHarness(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await h.StartAsync();
        h.Telemetry("BIN-0001", Ms("2026-11-23T08:00:00Z"));
        await h.FlushAsync();
        h.Time.Advance(TimeSpan.FromMinutes(1)); // a heartbeat at 08:01Z
        await h.FlushAsync();

        // The hub dies; it starts again at 10:00Z with the same hub.db.
        await h.Recorder.StopAsync(CancellationToken.None);
        h.Time.SetUtcNow(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        var again = new StateRecorder(h.Registry, h.Index, h.States, h.Tickets, Microsoft.Extensions.Options.Options.Create(new Iot.Hub.Detection.DetectionOptions()),
            h.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<StateRecorder>.Instance);
        await again.StartAsync(CancellationToken.None);
        await again.FlushAsync(CancellationToken.None);
        await again.StopAsync(CancellationToken.None);
        again.Dispose();

        var rows = await h.States.RangeAsync(AssetStates.Availability, ["BIN-0001"], Ms("2026-11-23T00:00:00Z"), Ms("2026-11-24T00:00:00Z"), CancellationToken.None);
        Assert.Equal(
            [(Ms("2026-11-23T08:00:00Z"), AssetStates.Up), (Ms("2026-11-23T08:01:00Z"), AssetStates.Unknown)],
            rows["BIN-0001"].Select(r => (r.StartMs, r.State)));
    }

    private static long NightMs(long from, long to)
    {
        long total = 0;
        var at = DateTimeOffset.FromUnixTimeMilliseconds(from);
        var sunset = TimeSpan.FromMinutes(10);
        var sunrise = TimeSpan.FromMinutes(-10);
        while (at.ToUnixTimeMilliseconds() < to)
        {
            var dark = SolarClock.IsDark(at, 43.7031, 7.2661, sunset, sunrise);
            var next = Math.Min(SolarClock.NextChange(at, 43.7031, 7.2661, sunset, sunrise)!.Value.ToUnixTimeMilliseconds(), to);
            if (dark)
            {
                total += next - at.ToUnixTimeMilliseconds();
            }

            at = DateTimeOffset.FromUnixTimeMilliseconds(next);
        }

        return total;
    }

    private static async Task<string> DumpAsync(IndicatorsHarness h)
    {
        await using var connection = await h.Database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM indicator_days ORDER BY day, service, operator_id, district_id;";
        await using var reader = await command.ExecuteReaderAsync();
        var text = new System.Text.StringBuilder();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                text.Append(reader.GetValue(i)).Append('|');
            }

            text.AppendLine();
        }

        return text.ToString();
    }
}
