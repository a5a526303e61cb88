using Bunit;
using Iot.Access;
using Iot.Dashboard.Components.Pages;
using Iot.Dashboard.Tests.Formatting;
using Iot.Dashboard.Tests.Infrastructure;
using Iot.Dashboard.Tickets;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Iot.Dashboard.Tests.Pages;

/// <summary>The ticket page in bUnit: fields, timeline, and which actions are offered — disabled with a reason when not allowed.</summary>
public sealed class TicketViewTests : DashboardTestContext
{
    private FakeTicketsView Tickets => Services.GetRequiredService<FakeTicketsView>();

    private IRenderedComponent<TicketView> RenderTicket(TicketState state, long id = 7)
    {
        Tickets.Tickets.Add(SlaCountdownTests.Ticket(state, TimeSpan.FromHours(1), TimeSpan.FromHours(8), id) with
        {
            AckDueAt = Time.GetUtcNow().AddHours(1),
            RepairDueAt = Time.GetUtcNow().AddHours(8),
        });
        Tickets.Tickets.Add(SlaCountdownTests.Ticket(TicketState.Open, null, null, 8) with { ParentId = id, AssetId = "LAMP-001-02", Summary = "Child lamp" });
        Tickets.Timeline.Add(new TicketTimelineEntry(Time.GetUtcNow().AddHours(-1), "system", "opened", "Lamp out; routed to OP-LIGHT (CT-STREETLIGHT)"));
        Tickets.Timeline.Add(new TicketTimelineEntry(Time.GetUtcNow().AddMinutes(-5), "alerts", "webhook_sent", null));
        Render<MudPopoverProvider>();
        var cut = Render<TicketView>(p => p.Add(v => v.Id, id));
        cut.WaitForAssertion(() => cut.Find("[data-testid=ticket-fields]"));
        return cut;
    }

    [Fact]
    public void Page_ShowsFieldsChildrenAndTheTimelineInTheCommunesZone()
    {
        var cut = RenderTicket(TicketState.Open);

        Assert.Contains("Ticket n° 7", cut.Find("h1").TextContent, StringComparison.Ordinal);
        var fields = cut.Find("[data-testid=ticket-fields]").TextContent;
        Assert.Contains("LAMP-001-01", fields, StringComparison.Ordinal);
        Assert.Contains("Lumière Azur Services", fields, StringComparison.Ordinal);
        Assert.Contains("Saint-Roch", fields, StringComparison.Ordinal);
        Assert.Contains("23/11/2025 23:00", fields, StringComparison.Ordinal); // ack due 22:00 UTC = 23:00 in Paris
        Assert.Equal("./?asset=LAMP-001-01", cut.Find("[data-testid=ticket-fields] a").GetAttribute("href"));

        var timeline = cut.FindAll("[data-testid=timeline] li");
        Assert.Equal(2, timeline.Count);
        Assert.Contains("Ouvert", timeline[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("routed to OP-LIGHT", timeline[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("webhook_sent", timeline[1].TextContent, StringComparison.Ordinal); // an action without words is shown as recorded
        Assert.Contains("Child lamp", cut.Find("[data-testid=ticket-children]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenTicket_CanBeAcknowledged_AsTheViewer_AndThePageShowsTheNewState()
    {
        var cut = RenderTicket(TicketState.Open);
        Assert.Null(cut.Find("[data-testid=ack]").GetAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid=ack-reason]"));

        cut.Find("[data-testid=ack]").Click();

        cut.WaitForAssertion(() => Assert.Equal("acknowledged", cut.Find("[data-testid=ticket-head] [data-state]").GetAttribute("data-state")));
        Assert.Equal(("ack", "alice", 7L), (Tickets.Actions[0].Action, Tickets.Actions[0].Viewer.Name, Tickets.Actions[0].Id));
        Assert.Contains("C'est fait.", cut.Find("[data-testid=action-result]").TextContent, StringComparison.Ordinal);
        // Acknowledged now: acknowledging again is disabled, and says why.
        Assert.NotNull(cut.Find("[data-testid=ack]").GetAttribute("disabled"));
        Assert.Contains("Seul un ticket ouvert peut être pris en charge (celui-ci est : Pris en charge)", cut.Find("[data-testid=ack-reason]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NeedsANote_ThenSendsIt()
    {
        var cut = RenderTicket(TicketState.Acknowledged);
        Assert.NotNull(cut.Find("[data-testid=resolve]").GetAttribute("disabled"));
        Assert.Contains("Écrivez d'abord ce qui a été fait.", cut.Find("[data-testid=resolve-reason]").TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid=resolve-note] textarea").Input("Lamp replaced");
        cut.WaitForAssertion(() => Assert.Null(cut.Find("[data-testid=resolve]").GetAttribute("disabled")));
        cut.Find("[data-testid=resolve]").Click();

        cut.WaitForAssertion(() => Assert.Equal("resolved", cut.Find("[data-testid=ticket-head] [data-state]").GetAttribute("data-state")));
        Assert.Equal(("resolve", "Lamp replaced"), (Tickets.Actions[0].Action, Tickets.Actions[0].Text));
        Assert.NotNull(cut.Find("[data-testid=close]"));
    }

    [Fact]
    public void ViewerWithoutTicketRights_SeesEveryActionDisabled_WithTheReason()
    {
        Services.GetRequiredService<FixedViewer>().Viewer = new Viewer("eve", "none", "");
        var cut = RenderTicket(TicketState.Open);

        foreach (var action in new[] { "ack", "resolve", "comment" })
        {
            Assert.NotNull(cut.Find($"[data-testid={action}]").GetAttribute("disabled"));
            Assert.Contains("Votre rôle ne permet pas d'agir sur les tickets.", cut.Find($"[data-testid={action}-reason]").TextContent, StringComparison.Ordinal);
        }

        Assert.Equal("ack-reason", cut.Find("[data-testid=ack]").GetAttribute("aria-describedby"));
    }

    [Fact]
    public void ClosedTicket_TakesNoComment()
    {
        var cut = RenderTicket(TicketState.Closed);
        Assert.NotNull(cut.Find("[data-testid=comment]").GetAttribute("disabled"));
        Assert.Contains("Un ticket clos ne prend plus de commentaire.", cut.Find("[data-testid=comment-reason]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangeOfThisTicket_ReloadsThePage()
    {
        var cut = RenderTicket(TicketState.Open);
        Tickets.Tickets[0] = Tickets.Tickets[0] with { State = TicketState.Acknowledged };

        Tickets.Raise(8); // another ticket: nothing to do
        Time.Advance(TicketList.ReloadDelay);
        Assert.Equal("open", cut.Find("[data-testid=ticket-head] [data-state]").GetAttribute("data-state"));

        Tickets.Raise(7);
        Time.Advance(TicketList.ReloadDelay);
        cut.WaitForAssertion(() => Assert.Equal("acknowledged", cut.Find("[data-testid=ticket-head] [data-state]").GetAttribute("data-state")));
    }

    [Fact]
    public void UnknownTicket_SaysSo()
    {
        Render<MudPopoverProvider>();
        var cut = Render<TicketView>(p => p.Add(v => v.Id, 404));
        cut.WaitForAssertion(() => Assert.Contains("Le ticket n° 404 n'existe pas", cut.Find("[data-testid=ticket-missing]").TextContent, StringComparison.Ordinal));
    }
}
