using System.Security.Claims;
using Bunit;
using Iot.Access;
using Iot.Dashboard.Components.Pages;
using Iot.Dashboard.Indicators;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Iot.Dashboard.Tests.Pages;

/// <summary>The indicators page in bUnit over a fake source: the cards, their trend and target, the drill-down, scoping.</summary>
public sealed class IndicatorsPageTests : DashboardTestContext
{
    private readonly FakeIndicatorSource _source = new();

    public IndicatorsPageTests()
    {
        Services.AddSingleton<IIndicatorSource>(_source);
    }

    [Fact]
    public void Cards_ShowValueTrendTargetAndNoData()
    {
        Render<MudPopoverProvider>();
        var cut = Render<IndicatorsPage>();

        var availability = cut.Find("[data-testid=card-availability]");
        Assert.Contains("Disponibilité", availability.TextContent, StringComparison.Ordinal);
        Assert.Equal("97,5 %", availability.QuerySelector("[data-testid=value]")!.TextContent.Replace('\u00a0', ' ').Replace('\u202f', ' '));
        Assert.Contains("▲ +2,5 pt", availability.QuerySelector("[data-testid=trend]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("2026-10", availability.QuerySelector("[data-testid=trend]")!.TextContent, StringComparison.Ordinal);
        var target = availability.QuerySelector("[data-testid=target] span")!;
        Assert.Contains("98", target.TextContent, StringComparison.Ordinal);
        Assert.Equal("indicator-bad", target.ClassName); // 97.5 % is under the 98 % target
        Assert.Contains("✕", target.TextContent, StringComparison.Ordinal); // said by a symbol and in words, not by the colour alone
        Assert.Contains("non atteint", target.TextContent, StringComparison.Ordinal);

        var mttr = cut.Find("[data-testid=card-mttr]");
        Assert.Contains("▼", mttr.QuerySelector("[data-testid=trend]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("indicator-ok", mttr.QuerySelector("[data-testid=target] span")!.ClassName); // 10 h ≤ 24 h: lower is better
        Assert.EndsWith("✓ Objectif 24 h : atteint", mttr.QuerySelector("[data-testid=target]")!.TextContent.Trim().Replace('\u00a0', ' '), StringComparison.Ordinal);

        var satisfaction = cut.Find("[data-testid=card-satisfaction]");
        Assert.Equal("pas de données", satisfaction.QuerySelector("[data-testid=value]")!.TextContent);
        Assert.Contains("Couverture 0", satisfaction.QuerySelector("[data-testid=coverage]")!.TextContent, StringComparison.Ordinal);

        Assert.Equal(2, cut.FindAll("[data-testid=trend-chart] rect[data-testid=bar]").Count);
        Assert.Contains("Saint-Roch", cut.Find("[data-testid=by-district]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Lumière", cut.Find("[data-testid=by-operator]").TextContent, StringComparison.Ordinal);
        Assert.Equal("manager", _source.LastViewer!.Role); // no sign-in in this host: the page shows everything
    }

    [Fact]
    public void DrillDown_ListsTheTicketsBehindAFigure()
    {
        Render<MudPopoverProvider>();
        var cut = Render<IndicatorsPage>();
        cut.Find("[data-testid=card-mttr] [data-testid=drill] button, [data-testid=card-mttr] button[data-testid=drill]").Click();

        cut.WaitForAssertion(() => Assert.Contains("#42", cut.Find("[data-testid=drill-down]").TextContent, StringComparison.Ordinal));
        Assert.Equal(("mttr", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(1))), _source.LastDrill);
    }

    [Fact]
    public void OperatorViewer_HasNoOperatorFilter_AndIsPassedToTheSource()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("alice");
        auth.SetRoles(HubRoles.Operator);
        auth.SetClaims(new Claim(HubClaims.OperatorId, "OP-WASTE"));
        Render<MudPopoverProvider>();
        var cut = Render<IndicatorsPage>();

        Assert.Empty(cut.FindAll("[data-testid=filter-operator]"));
        Assert.Equal("OP-WASTE", _source.LastViewer!.OperatorId);
    }

    private sealed class FakeIndicatorSource : IIndicatorSource
    {
        public Viewer? LastViewer { get; private set; }

        public (string Id, DateTimeOffset Start)? LastDrill { get; private set; }

        public IReadOnlyList<(string Id, string Name)> Districts { get; } = [("D-01", "Saint-Roch")];

        public IReadOnlyList<(string Id, string Name)> Operators(Viewer viewer) => [("OP-LIGHT", "Lumière Azur Services")];

        public Task<IndicatorOverview> GetAsync(Viewer viewer, IndicatorFilter filter, int periods, CancellationToken cancellationToken)
        {
            LastViewer = viewer;
            var october = Slice("2026-10", new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.FromHours(2)), false, 0.95, 30);
            var november = Slice("2026-11", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(1)), true, 0.975, 10);
            return Task.FromResult(new IndicatorOverview(
                [october, november],
                [new IndicatorRow("OP-LIGHT", "Lumière Azur Services", november)],
                [new IndicatorRow("D-01", "Saint-Roch", november)]));
        }

        public Task<IReadOnlyList<IndicatorTicket>> TicketsAsync(Viewer viewer, IndicatorFilter filter, string indicatorId, DateTimeOffset periodStart, CancellationToken cancellationToken)
        {
            LastDrill = (indicatorId, periodStart);
            return Task.FromResult<IReadOnlyList<IndicatorTicket>>(
                [new IndicatorTicket(42, "lamp_fault", "medium", "LAMP-001-01", null, "OP-LIGHT", periodStart.AddHours(5), null, periodStart.AddHours(15), "Lamp reports a failure")]);
        }

        public IReadOnlyList<ReportLink> Reports(Viewer viewer, int months) =>
            [new ReportLink("commune", "demo", "Demo-sur-Mer", "2026-10", "pdf", "/api/reports/commune/demo/2026-10.pdf")];

        private static IndicatorSlice Slice(string label, DateTimeOffset start, bool partial, double availability, double mttr) => new(label, start, partial,
        [
            new IndicatorFigure("availability", "ratio", availability, 39, 40, 0.9, 0.98, "…"),
            new IndicatorFigure("mttr", "h", mttr, mttr * 3, 3, 1, 24, "…"),
            new IndicatorFigure("satisfaction", "rating 1-5", null, 0, 0, 0, 4, "…"),
        ]);
    }
}
