using Bunit;
using Iot.Access;
using Iot.Contracts;
using Iot.Dashboard.Components.Pages;
using Iot.Dashboard.Tests.Formatting;
using Iot.Dashboard.Tests.Infrastructure;
using Iot.Dashboard.Tickets;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Iot.Dashboard.Tests.Pages;

/// <summary>The tickets page in bUnit: what it asks the hub for, how it shows SLA clocks, and how it follows changes.</summary>
public sealed class TicketListTests : DashboardTestContext
{
    private FakeTicketsView Tickets => Services.GetRequiredService<FakeTicketsView>();

    private TicketRow Add(long id, TicketState state, TimeSpan? ackIn, TimeSpan? repairIn, ServiceKind service = ServiceKind.Streetlight, string op = "OP-LIGHT")
    {
        var row = SlaCountdownTests.Ticket(state, ackIn, repairIn, id) with { Service = service, OperatorId = op };
        row = row with { OpenedAt = Time.GetUtcNow().AddHours(-1), AckDueAt = ackIn is { } a ? Time.GetUtcNow() + a : null, RepairDueAt = repairIn is { } r ? Time.GetUtcNow() + r : null };
        Tickets.Tickets.Add(row);
        return row;
    }

    private IRenderedComponent<TicketList> RenderList()
    {
        Render<MudPopoverProvider>();
        var cut = Render<TicketList>();
        cut.WaitForAssertion(() => Assert.NotEmpty(Tickets.Queries));
        return cut;
    }

    [Fact]
    public void Rows_ShowStateAndSlaClock_AsIconAndWords()
    {
        Add(1, TicketState.Open, TimeSpan.FromMinutes(65), TimeSpan.FromHours(8));
        Add(2, TicketState.Acknowledged, TimeSpan.FromMinutes(-40), TimeSpan.FromMinutes(-12));
        Add(3, TicketState.Resolved, TimeSpan.FromMinutes(-40), TimeSpan.FromMinutes(-12));

        var cut = RenderList();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("tr.ticket-row").Count));
        var rows = cut.FindAll("tr.ticket-row");
        var open = rows.Single(r => r.TextContent.Contains("#1", StringComparison.Ordinal));
        Assert.Contains("Ouvert", open.TextContent, StringComparison.Ordinal);
        Assert.Equal("left", open.QuerySelector("[data-sla]")!.GetAttribute("data-sla"));
        Assert.Contains("Prise en charge sous 1 h 05 min", open.TextContent, StringComparison.Ordinal);
        Assert.NotNull(open.QuerySelector("[data-sla] svg")); // an icon with the words

        var late = rows.Single(r => r.TextContent.Contains("#2", StringComparison.Ordinal));
        Assert.Equal("overdue", late.QuerySelector("[data-sla]")!.GetAttribute("data-sla"));
        Assert.Contains("Réparation en retard de 12 min", late.TextContent, StringComparison.Ordinal);
        Assert.Contains("Pris en charge", late.TextContent, StringComparison.Ordinal);

        var resolved = rows.Single(r => r.TextContent.Contains("#3", StringComparison.Ordinal));
        Assert.Equal("none", resolved.QuerySelector("[data-sla]")!.GetAttribute("data-sla"));
        // Opened an hour before 21:00 UTC: 21:00 in Paris (UTC+1 in November), the commune's zone, not the server's.
        Assert.Contains("23/11/2025 21:00", open.TextContent, StringComparison.Ordinal);
        Assert.Equal("tickets/1", open.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void Filters_AreSentToTheHub_AndStartAgainFromTheFirstPage()
    {
        Add(1, TicketState.Open, TimeSpan.FromHours(1), TimeSpan.FromHours(8));
        Add(2, TicketState.Open, TimeSpan.FromHours(1), TimeSpan.FromHours(8), ServiceKind.Wastebin, "OP-WASTE");
        var cut = RenderList();

        cut.InvokeAsync(() => cut.Instance.SetFilterAsync(cut.Instance.Filter with { Service = ServiceKind.Wastebin, Severity = "medium", DistrictId = "D-01", State = TicketState.Open }));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tr.ticket-row")));
        var last = Tickets.Queries[^1].Filter;
        Assert.Equal(ServiceKind.Wastebin, last.Service);
        Assert.Equal("medium", last.Severity);
        Assert.Equal("D-01", last.DistrictId);
        Assert.Equal(TicketState.Open, last.State);
        Assert.Equal(1, last.Page);
        Assert.Contains("#2", cut.Find("tr.ticket-row").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void OperatorViewer_AlwaysAsksForItsOwnTickets_AndCannotChangeTheOperatorFilter()
    {
        Services.GetRequiredService<FixedViewer>().Viewer = new Viewer("bob", HubRoles.Operator, "OP-WASTE");
        var cut = RenderList();

        Assert.Equal("OP-WASTE", Tickets.Queries[0].Filter.OperatorId);
        cut.InvokeAsync(() => cut.Instance.SetFilterAsync(cut.Instance.Filter with { OperatorId = "OP-LIGHT" }));
        cut.WaitForAssertion(() => Assert.True(Tickets.Queries.Count >= 2));
        Assert.All(Tickets.Queries, q => Assert.Equal("OP-WASTE", q.Filter.OperatorId));
        Assert.Contains("Vos contrats uniquement", cut.Find("[data-testid=ticket-filters]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=filter-operator] input").GetAttribute("disabled"));
    }

    [Fact]
    public void TicketChanges_AreCoalescedIntoOneReload()
    {
        var cut = RenderList();
        var before = Tickets.Queries.Count;
        Assert.Equal(1, Tickets.Subscribers);

        Add(9, TicketState.Open, TimeSpan.FromHours(1), TimeSpan.FromHours(8));
        Tickets.Raise(9);
        Tickets.Raise(9);
        Tickets.Raise(10);
        Assert.Equal(before, Tickets.Queries.Count); // nothing read before the delay

        Time.Advance(TicketList.ReloadDelay);

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tr.ticket-row")));
        Assert.Equal(before + 1, Tickets.Queries.Count);
        Time.Advance(TimeSpan.FromSeconds(5)); // no change since: no read
        Assert.Equal(before + 1, Tickets.Queries.Count);
    }

    [Fact]
    public void Countdown_MovesWithTheClock_WithoutReadingTheTicketsAgain()
    {
        Add(1, TicketState.Open, TimeSpan.FromSeconds(30), TimeSpan.FromHours(8));
        var cut = RenderList();
        cut.WaitForAssertion(() => Assert.Contains("Prise en charge sous 1 min", cut.Find("tr.ticket-row").TextContent, StringComparison.Ordinal));
        var reads = Tickets.Queries.Count;

        for (var i = 0; i < 4; i++)
        {
            Time.Advance(TicketList.ClockTick); // one minute in four ticks: 30 s past the deadline
        }

        cut.WaitForAssertion(() => Assert.Contains("Prise en charge en retard de 1 min", cut.Find("tr.ticket-row").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Equal("overdue", cut.Find("tr.ticket-row [data-sla]").GetAttribute("data-sla"));
        Assert.Equal(reads, Tickets.Queries.Count);
    }

    [Fact]
    public async Task Dispose_Unsubscribes()
    {
        RenderList();
        Assert.Equal(1, Tickets.Subscribers);
        await DisposeComponentsAsync();
        Assert.Equal(0, Tickets.Subscribers);
    }
}
