using Iot.Access;
using Iot.Dashboard.Indicators;
using Iot.Hub.Dashboard;
using Iot.Hub.Tickets;
using static Iot.Hub.Tests.Indicators.IndicatorsHarness;

namespace Iot.Hub.Tests.Indicators;

/// <summary>The dashboard's indicator source on the hub: an operator viewer sees its own operator only, whatever it asks.</summary>
public sealed class HubIndicatorSourceTests
{
    [Fact]
    public async Task OperatorViewer_AskingForAnotherOperator_GetsItsOwnOnly()
    {
        await using var h = new IndicatorsHarness(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        await h.StartAsync();
        await h.TicketAsync("BIN-0010", RuleNames.BinDamaged, "medium", Ms("2026-11-23T08:00:00Z"), resolvedMs: Ms("2026-11-23T12:00:00Z"));
        await h.TicketAsync("LAMP-001-01", RuleNames.LampFault, "medium", Ms("2026-11-23T08:00:00Z"), resolvedMs: Ms("2026-11-23T18:00:00Z"));
        await h.FlushAsync();
        var source = new HubIndicatorSource(h.Indicators);
        var waste = new Viewer("bob", HubRoles.Operator, "OP-WASTE");
        var sneaky = new IndicatorFilter("month", OperatorId: "OP-LIGHT");

        var overview = await source.GetAsync(waste, sneaky, 2, CancellationToken.None);
        Assert.Equal(["OP-WASTE"], overview.ByOperator.Select(r => r.Key));
        Assert.Equal(4, overview.Periods[^1].Find("mttr")!.Value); // the bin's 4 h, not the lamp's 10 h
        Assert.Equal(["2026-10", "2026-11"], overview.Periods.Select(p => p.Label));
        var tickets = await source.TicketsAsync(waste, sneaky, "mttr", overview.Periods[^1].Start, CancellationToken.None);
        Assert.Equal(["BIN-0010"], tickets.Select(t => t.DeviceId));
        Assert.Equal(["OP-WASTE"], source.Operators(waste).Select(o => o.Id));
        Assert.All(source.Reports(waste, 2), r => Assert.Equal(("operator", "OP-WASTE"), (r.Scope, r.Id)));

        var manager = new Viewer("carol", HubRoles.Manager, null);
        Assert.Equal(["OP-BUS", "OP-LIGHT", "OP-WASTE"], (await source.GetAsync(manager, new IndicatorFilter(), 1, CancellationToken.None)).ByOperator.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.Contains(source.Reports(manager, 1), r => r.Scope == "commune" && r.Url == "/api/reports/commune/demo/2026-10.pdf");
    }
}
