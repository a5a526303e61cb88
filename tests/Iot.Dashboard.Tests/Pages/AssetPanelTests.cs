using Bunit;
using Iot.Access;
using Iot.Contracts;
using Iot.Dashboard.Assets;
using Iot.Dashboard.Components.Map;
using Iot.Dashboard.Tests.Formatting;
using Iot.Dashboard.Tests.Infrastructure;
using Iot.Dashboard.Tickets;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Iot.Dashboard.Tests.Pages;

/// <summary>The side panel's chart, open tickets and commands in bUnit.</summary>
public sealed class AssetPanelTests : DashboardTestContext
{
    private FakeDeviceCommands Commands => Services.GetRequiredService<FakeDeviceCommands>();

    private Iot.City.Asset Lamp => Source.City.Assets.First(a => a.Service == ServiceKind.Streetlight);

    private IRenderedComponent<AssetPanel> RenderPanel(Iot.City.Asset asset)
    {
        Render<MudPopoverProvider>();
        Render<MudDialogProvider>();
        return Render<AssetPanel>(p => p.Add(x => x.Asset, asset));
    }

    [Fact]
    public void SwitchOn_AsksForConfirmation_AndSendsNothingWhenCancelled()
    {
        var dialogs = Render<MudDialogProvider>();
        Render<MudPopoverProvider>();
        var cut = Render<AssetPanel>(p => p.Add(x => x.Asset, Lamp));

        cut.Find("[data-testid=switch-on]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains($"Envoyer « allumer » à {Lamp.Id} ?", dialogs.Markup, StringComparison.Ordinal));
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("Annuler", StringComparison.Ordinal)).Click();
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Envoyer « allumer »", dialogs.Markup, StringComparison.Ordinal));
        Assert.Empty(Commands.Sent);
        Assert.Equal("none", cut.Find("[data-testid=command-state]").GetAttribute("data-progress"));
    }

    [Fact]
    public void Dim_Confirmed_IsSent_ThenTheDevicesAckIsShownLive()
    {
        var dialogs = Render<MudDialogProvider>();
        Render<MudPopoverProvider>();
        var cut = Render<AssetPanel>(p => p.Add(x => x.Asset, Lamp));
        cut.Find("[data-testid=dim-level] input").Change("30");

        cut.Find("[data-testid=dim]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains($"Envoyer « varier à 30 % » à {Lamp.Id} ?", dialogs.Markup, StringComparison.Ordinal));
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("Envoyer", StringComparison.Ordinal)).Click();

        cut.WaitForAssertion(() => Assert.Equal("sent", cut.Find("[data-testid=command-state]").GetAttribute("data-progress")));
        var (viewer, assetId, command) = Assert.Single(Commands.Sent);
        Assert.Equal(("alice", Lamp.Id, "dim", 0.3), (viewer.Name, assetId, command.Action, command.Level));
        Assert.Contains("en attente de l'équipement", cut.Find("[data-testid=command-state]").TextContent, StringComparison.Ordinal);

        Commands.Answer("cmd-1", ok: true);
        Time.Advance(AssetCommands.FollowEvery);

        cut.WaitForAssertion(() => Assert.Equal("succeeded", cut.Find("[data-testid=command-state]").GetAttribute("data-progress")));
        Assert.Contains("acquittée par l'équipement", cut.Find("[data-testid=command-state]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusalByTheDevice_ShowsItsReason()
    {
        var dialogs = Render<MudDialogProvider>();
        Render<MudPopoverProvider>();
        var cut = Render<AssetPanel>(p => p.Add(x => x.Asset, Lamp));
        cut.Find("[data-testid=switch-off]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("éteindre", dialogs.Markup, StringComparison.Ordinal));
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("Envoyer", StringComparison.Ordinal)).Click();
        cut.WaitForAssertion(() => Assert.Single(Commands.Sent));

        Commands.Answer("cmd-1", ok: false, "the cabinet has no mains supply");
        Time.Advance(AssetCommands.FollowEvery);

        cut.WaitForAssertion(() => Assert.Equal("refused", cut.Find("[data-testid=command-state]").GetAttribute("data-progress")));
        Assert.Contains("refusée par l'équipement : the cabinet has no mains supply", cut.Find("[data-testid=command-state]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Manager_SeesTheCommandsDisabled_WithTheReason()
    {
        Services.GetRequiredService<FixedViewer>().Viewer = new Viewer("max", HubRoles.Manager, null);
        var cut = RenderPanel(Lamp);

        foreach (var button in new[] { "switch-on", "switch-off", "dim" })
        {
            Assert.NotNull(cut.Find($"[data-testid={button}]").GetAttribute("disabled"));
            Assert.Equal("command-reason", cut.Find($"[data-testid={button}]").GetAttribute("aria-describedby"));
        }

        Assert.Contains("Votre rôle ne permet pas d'envoyer des commandes.", cut.Find("[data-testid=command-reason]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Bin_HasNoCommands()
    {
        var cut = RenderPanel(Source.City.Assets.First(a => a.Service == ServiceKind.Wastebin));
        Assert.Empty(cut.FindAll("[data-testid=asset-commands]"));
    }

    [Fact]
    public void OpenTickets_AreListed_WithLinksToTheirPages()
    {
        var tickets = Services.GetRequiredService<FakeTicketsView>();
        tickets.Tickets.Add(SlaCountdownTests.Ticket(TicketState.Open, TimeSpan.FromMinutes(-5), TimeSpan.FromHours(4), 41) with { AssetId = Lamp.Id, AckDueAt = Time.GetUtcNow().AddMinutes(-5) });
        tickets.Tickets.Add(SlaCountdownTests.Ticket(TicketState.Resolved, null, null, 42) with { AssetId = Lamp.Id });
        var cut = RenderPanel(Lamp);

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=asset-ticket]")));
        var item = cut.Find("[data-testid=asset-ticket]");
        Assert.Equal("tickets/41", item.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("Prise en charge en retard de 5 min", item.TextContent, StringComparison.Ordinal);

        tickets.Tickets.Add(SlaCountdownTests.Ticket(TicketState.Open, TimeSpan.FromHours(1), TimeSpan.FromHours(4), 43) with { AssetId = Lamp.Id });
        tickets.Raise(43);
        Time.Advance(TimeSpan.FromMilliseconds(500));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=asset-ticket]").Count));
    }

    [Fact]
    public void Chart_ShowsThe24HourRangeInWords_AndSaysWhenThereIsNoData()
    {
        var bin = Source.City.Assets.First(a => a.Service == ServiceKind.Wastebin);
        var from = Time.GetUtcNow().AddHours(-24);
        Services.GetRequiredService<FakeAssetHistory>().Series[bin.Id] = new AssetSeries(
            bin.Id, KeyMetrics.For(ServiceKind.Wastebin), from, Time.GetUtcNow(), TimeSpan.FromMinutes(30),
            [new SeriesBucket(from, 0.2, 0.1, 0.25, 3), new SeriesBucket(from.AddHours(23.5), 0.8, 0.75, 0.85, 3)]);

        var cut = RenderPanel(bin);

        cut.WaitForAssertion(() => cut.Find("[data-testid=chart-summary]"));
        Assert.Contains("Taux de remplissage (%), dernières 24 h", cut.Find("[data-testid=asset-chart]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Sur 24 h : min 10, max 85 ; dernière moyenne 80 à 21:30 (%).", cut.Find("[data-testid=chart-summary]").TextContent);
        Assert.NotEmpty(cut.FindAll("[data-testid=asset-chart] svg"));

        var lamp = Render<AssetPanel>(p => p.Add(x => x.Asset, Lamp));
        lamp.WaitForAssertion(() => Assert.Contains("Aucune mesure enregistrée sur 24 h.", lamp.Find("[data-testid=chart-empty]").TextContent, StringComparison.Ordinal));
    }
}
