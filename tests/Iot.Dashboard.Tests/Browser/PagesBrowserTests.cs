using System.Net.Http.Json;
using System.Text.Json;
using Iot.Contracts;
using Iot.Dashboard.Tests.Infrastructure;
using Iot.Hub.Devices;
using Iot.Testing;
using Iot.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MQTTnet;
using MQTTnet.Protocol;

namespace Iot.Dashboard.Tests.Browser;

/// <summary>The tickets, ticket, devices pages and the panel's commands in headless Chromium against a real demo hub.</summary>
public sealed class PagesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static string Screenshot(string name)
    {
        var dir = Path.Combine(BrowserFixture.RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }

    private const string UiUser = "tech-ui";

    private async Task<(IPage Page, List<string> Errors)> OpenAsync(HubInstance hub, string path, string waitFor)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 }, Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        // Signed in through the real /login page as a technician: the actor of what the test does in the page.
        await SignIn.AsAsync(page, hub.BaseAddress, UiUser, await hub.AddUserAsync(UiUser, "technician"), path);
        await page.WaitForSelectorAsync(waitFor);
        return (page, errors);
    }

    private static async Task PublishAsync(IMqttClient agent, DeviceInfo device, params MetricReading[] metrics) =>
        await agent.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Format(device.Commune, device.Service, device.Id, MessageKind.Telemetry))
            .WithPayload(Payloads.Telemetry(Payloads.NowMs, 1L, metrics))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

    [Fact]
    public async Task FaultPublishedThroughTheBroker_ItsTicketAppearsWithin2Seconds_AndAnAcknowledgementInTheUiIsSeenByTheApi()
    {
        await using var hub = await HubInstance.StartAsync();
        await hub.Services.GetRequiredService<Iot.Hub.Tickets.TicketService>().Loaded;
        var lamp = hub.Registry.Devices.First(d => d.Service == ServiceKind.Streetlight && d.Address is not null);
        var (page, errors) = await OpenAsync(hub, "/tickets", "[data-testid=no-tickets]");

        var secret = await hub.AddAgentAsync(lamp.Agent);
        using var agent = await hub.ConnectAsync(lamp.Agent, secret);
        var published = DateTime.UtcNow;
        await PublishAsync(agent, lamp, new("status", "defectiveLamp"), new("powerState", "on"), new("powerConsumption", 0.0));

        var row = page.Locator("tr.ticket-row", new PageLocatorOptions { HasText = lamp.Id });
        await row.WaitForAsync(new LocatorWaitForOptions { Timeout = 2_000 });
        var latency = DateTime.UtcNow - published;
        Assert.True(latency < TimeSpan.FromSeconds(2), $"the ticket reached the page after {latency.TotalSeconds:0.00} s");
        await Assertions.Expect(row).ToContainTextAsync("Ouvert");
        await Assertions.Expect(row).ToContainTextAsync("Prise en charge sous");
        await Assertions.Expect(row).ToContainTextAsync("Lumière Azur Services");

        // The ticket page, by keyboard: focus the row's link and press Enter.
        await row.Locator("a").First.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("[data-testid=ticket-fields]");
        var id = long.Parse(new Uri(page.Url).Segments[^1], System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator("[data-testid=timeline]")).ToContainTextAsync("Ouvert");

        await page.Locator("[data-testid=ack]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=ticket-head] [data-state]")).ToHaveAttributeAsync("data-state", "acknowledged");
        await Assertions.Expect(page.Locator("[data-testid=ack-reason]")).ToContainTextAsync("Seul un ticket ouvert");

        var api = await hub.Http.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}");
        Assert.Equal("acknowledged", api.GetProperty("ticket").GetProperty("status").GetString());
        var timeline = api.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Contains(timeline, e => e.GetProperty("action").GetString() == "acknowledged" && e.GetProperty("actor").GetString() == UiUser);
        await Assertions.Expect(page.Locator("[data-testid=timeline]")).ToContainTextAsync("Pris en charge");

        await page.Locator("[data-testid=comment-text] textarea").FillAsync("Nacelle en route");
        await page.Locator("[data-testid=comment]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=timeline]")).ToContainTextAsync("Nacelle en route");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("ticket.png"), FullPage = true });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task DevicesPage_SearchFindsAnAsset_AndItsLinkOpensItOnTheMap()
    {
        await using var hub = await HubInstance.StartAsync();
        var bin = hub.Registry.Devices.Last(d => d.Service == ServiceKind.Wastebin && d.Address is not null);
        var (page, errors) = await OpenAsync(hub, "/devices", "tr.device-row");

        var search = page.Locator("[data-testid=device-search] input");
        await search.FillAsync(bin.Id);
        var rows = page.Locator("tr.device-row");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync(bin.Address!);
        await Assertions.Expect(rows.First).ToContainTextAsync("Inconnu"); // never reported: the status in words
        await Assertions.Expect(page.Locator("[data-testid=device-count]")).ToContainTextAsync($"1 sur {hub.Registry.Devices.Count}");

        await search.FillAsync("");
        await Assertions.Expect(rows).ToHaveCountAsync(50); // first page of the whole registry
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("devices.png") });

        await search.FillAsync(bin.Id);
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await rows.First.Locator("[data-testid=open-on-map]").ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=live-map][data-asset-count]");
        await Assertions.Expect(page.Locator("[data-testid=asset-panel]")).ToContainTextAsync(bin.Id);
        await Assertions.Expect(page.Locator("[data-testid=asset-chart]")).ToContainTextAsync("Taux de remplissage");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task DimFromThePanel_TheSimulatedLampAnswers_AndTheAckIsShown()
    {
        // The demo fleet runs in-process: the lamp's cabinet controller is a simulated agent that executes switch/dim.
        await using var hub = await HubInstance.StartAsync(["--Simulation:Enabled=true"]);
        var lamp = hub.Registry.Devices.First(d => d.Id == "LAMP-001-02");
        var live = hub.Services.GetRequiredService<LiveState>();
        await Poll.UntilAsync(() => live.FindAgent(lamp.Agent)?.Online == true, Patience, $"simulated agent {lamp.Agent} online");

        var (page, errors) = await OpenAsync(hub, $"/?asset={lamp.Id}", "[data-testid=asset-commands]");
        await page.Locator("[data-testid=dim-level] input").FillAsync("30");
        await page.Locator("[data-testid=dim]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Assertions.Expect(dialog).ToContainTextAsync($"Envoyer « varier à 30 % » à {lamp.Id} ?");
        await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Envoyer" }).ClickAsync();

        var state = page.Locator("[data-testid=command-state]");
        await Assertions.Expect(state).ToHaveAttributeAsync("data-progress", "succeeded", new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(state).ToContainTextAsync("acquittée par l'équipement");

        var commands = await hub.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{lamp.Id}/commands");
        var sent = commands.EnumerateArray().Single();
        Assert.Equal(("dim", "succeeded", UiUser), (sent.GetProperty("action").GetString(), sent.GetProperty("state").GetString(), sent.GetProperty("actor").GetString()));
        Assert.Equal(0.3, sent.GetProperty("args").GetProperty("level").GetDouble());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("asset-panel-command.png") });
        Assert.Empty(errors);
    }
}
