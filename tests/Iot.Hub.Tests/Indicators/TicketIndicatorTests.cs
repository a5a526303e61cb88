using Iot.City;
using Iot.Hub.Indicators;
using Iot.Hub.Open311;
using Iot.Hub.Tickets;
using static Iot.Hub.Tests.Indicators.IndicatorsHarness;

namespace Iot.Hub.Tests.Indicators;

/// <summary>MTTA, MTTR, SLA shares, fault rate and the citizen indicators against hand-computed values.</summary>
public sealed class TicketIndicatorTests
{
    private static readonly DateOnly Day = new(2026, 11, 23); // 2026-11-22T23:00Z → 2026-11-23T23:00Z
    private static readonly DateTimeOffset After = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TicketsAcrossTheDayEdges_CountedByWhenEachThingHappened()
    {
        await using var h = new IndicatorsHarness(After);
        await h.StartAsync();

        // T1: acked after 1 h, repaired after 4 h, inside the day; ack due 12:00Z met.
        await h.TicketAsync("BIN-0010", RuleNames.BinDamaged, "medium", Ms("2026-11-23T08:00:00Z"),
            acknowledgedMs: Ms("2026-11-23T09:00:00Z"), resolvedMs: Ms("2026-11-23T12:00:00Z"),
            ackDueMs: Ms("2026-11-23T12:00:00Z"), repairDueMs: Ms("2026-11-26T08:00:00Z"));

        // T2: acked after 5 h (due after 4 h: missed), repaired the next day.
        await h.TicketAsync("BIN-0011", RuleNames.BinDamaged, "medium", Ms("2026-11-23T10:00:00Z"),
            acknowledgedMs: Ms("2026-11-23T15:00:00Z"), resolvedMs: Ms("2026-11-24T10:00:00Z"),
            ackDueMs: Ms("2026-11-23T14:00:00Z"), repairDueMs: Ms("2026-11-26T10:00:00Z"));

        // T3: opened the day before (21:00 local), ack due at 01:00 local this day, never acked, resolved at 03:00 local (6 h).
        await h.TicketAsync("BIN-0012", RuleNames.BinDamaged, "medium", Ms("2026-11-22T20:00:00Z"),
            resolvedMs: Ms("2026-11-23T02:00:00Z"), ackDueMs: Ms("2026-11-23T00:00:00Z"), repairDueMs: Ms("2026-11-25T20:00:00Z"));

        // A low-severity collection request is a ticket but not a fault.
        await h.TicketAsync("BIN-0013", RuleNames.BinCollection, "low", Ms("2026-11-23T11:00:00Z"));
        await h.FlushAsync();

        var day = (await h.DayAsync(Day, service: "wastebin")).Indicators.ToDictionary(v => v.Id);
        Assert.Equal(3, day[KpiTargets.Mtta].Value!.Value, 9);              // (1 h + 5 h) / 2
        Assert.Equal(2, day[KpiTargets.Mtta].Denominator);
        Assert.Equal(5, day[KpiTargets.Mttr].Value!.Value, 9);              // (4 h + 6 h) / 2: T1 and T3
        Assert.Equal(1.0 / 3, day[KpiTargets.AckWithinSla].Value!.Value, 9); // T1 met; T2 late; T3 never
        Assert.Null(day[KpiTargets.RepairWithinSla].Value);                  // no repair deadline fell this day
        Assert.Equal(0, day[KpiTargets.RepairWithinSla].Denominator);
        Assert.Equal(2, day[KpiTargets.FaultRate].Numerator);                 // T1, T2 (T3 opened the day before; the low one is no fault)
        var bins = h.Registry.City.Assets.Count(a => a.Service == Iot.Contracts.ServiceKind.Wastebin);
        Assert.Equal(200.0 / bins, day[KpiTargets.FaultRate].Value!.Value, 9);

        // Repair deadlines: T3's (25th, 20:00Z) met, T1's (26th 08:00Z) met, T2's (26th 10:00Z) met — seen on the 25th and 26th.
        var later = (await h.Indicators.QueryAsync(new IndicatorQuery("demo", Day.AddDays(2), Day.AddDays(4), IndicatorGranularity.Day, "wastebin"), CancellationToken.None)).Periods;
        Assert.Equal(1, later[0].Indicators.Single(v => v.Id == KpiTargets.RepairWithinSla).Value);
        Assert.Equal(2, later[1].Indicators.Single(v => v.Id == KpiTargets.RepairWithinSla).Denominator);

        // The drill-down lists the tickets behind the SLA share of the day.
        var behind = await h.Indicators.TicketsBehindAsync(new IndicatorQuery("demo", Day, Day.AddDays(1), IndicatorGranularity.Day, "wastebin"), KpiTargets.AckWithinSla, CancellationToken.None);
        Assert.Equal(["BIN-0010", "BIN-0011", "BIN-0012"], behind.Select(t => t.DeviceId).Order(StringComparer.Ordinal));

        // Targets come from the contract (CT-WASTEBIN in the demo city).
        Assert.Equal(0.95, day[KpiTargets.AckWithinSla].Target);
        Assert.Equal(0.02, day[KpiTargets.BinOverflowRate].Target);
    }

    [Fact]
    public async Task CitizenReports_CountedAndRated_FromTheOpen311Source()
    {
        var reports = new FakeCitizenReports(
            new CitizenReportFact("1", "streetlight", "OP-LIGHT", "D-01", 1, Ms("2026-11-23T08:00:00Z"), Ms("2026-11-23T18:00:00Z"), 4),
            new CitizenReportFact("2", "streetlight", "OP-LIGHT", "D-01", 2, Ms("2026-11-23T09:00:00Z"), Ms("2026-11-23T19:00:00Z"), 2),
            new CitizenReportFact("3", "streetlight", "OP-LIGHT", "D-02", 3, Ms("2026-11-23T10:00:00Z"), Ms("2026-11-23T20:00:00Z"), null),
            new CitizenReportFact("4", "wastebin", "OP-WASTE", "D-01", 4, Ms("2026-11-22T10:00:00Z"), Ms("2026-11-23T12:00:00Z"), 5));
        await using var h = new IndicatorsHarness(After, reports);
        await h.StartAsync();

        var lights = (await h.DayAsync(Day, service: "streetlight")).Indicators.ToDictionary(v => v.Id);
        Assert.Equal(3, lights[KpiTargets.CitizenReports].Value);
        Assert.Equal(3, lights[KpiTargets.Satisfaction].Value!.Value, 9);    // (4 + 2) / 2 rated
        Assert.Equal(2.0 / 3, lights[KpiTargets.Satisfaction].Coverage, 9);  // 2 of the 3 closed were rated

        var all = (await h.DayAsync(Day)).Indicators.ToDictionary(v => v.Id);
        Assert.Equal(3, all[KpiTargets.CitizenReports].Value);               // report 4 was received the day before
        Assert.Equal(11.0 / 3, all[KpiTargets.Satisfaction].Value!.Value, 9);
    }

    [Fact]
    public async Task CitizenReports_WithoutAnOpen311Source_AreNoDataNotZero()
    {
        await using var h = new IndicatorsHarness(After);
        await h.StartAsync();
        var day = (await h.DayAsync(Day)).Indicators.ToDictionary(v => v.Id);
        Assert.Null(day[KpiTargets.CitizenReports].Value);
        Assert.Equal(0, day[KpiTargets.CitizenReports].Coverage);
        Assert.Contains("no data", day[KpiTargets.CitizenReports].Note, StringComparison.Ordinal);
        Assert.Null(day[KpiTargets.Satisfaction].Value);
    }
}
