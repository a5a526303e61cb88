using System.Net.Http.Json;
using System.Text.Json;
using Iot.Dashboard.Tests.Infrastructure;
using Iot.Hub.Tickets;
using Iot.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Iot.Dashboard.Tests.Browser;

/// <summary>The citizens' page (<c>/report</c>) on a phone-sized headless Chromium against a real demo hub.</summary>
public sealed class ReportPageBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private async Task<(IPage Page, List<string> Errors)> OpenPhoneAsync(HubInstance hub, string path, string locale = "fr-FR")
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
            Locale = locale,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(hub.Http.BaseAddress + path.TrimStart('/'));
        return (page, errors);
    }

    /// <summary>
    /// The one place these tests read the hub's REST API. Once sign-in guards /api/*, give this client its credentials
    /// here (the public page and /open311 stay anonymous).
    /// </summary>
    private static async Task<JsonElement> ApiGetAsync(HubInstance hub, string path) =>
        await hub.Http.GetFromJsonAsync<JsonElement>(new Uri(path, UriKind.Relative));

    [Fact]
    public async Task Citizen_FilesAReportOnAPhone_AndATicketForTheRightOperatorAppears()
    {
        await using var hub = await HubInstance.StartAsync();
        await hub.Services.GetRequiredService<TicketService>().Loaded;
        var (page, errors) = await OpenPhoneAsync(hub, "/report");

        await page.WaitForSelectorAsync("[data-testid=report-map][data-ready=true]");
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Signaler un problème");
        // Nothing wider than the phone: no sideways scrolling.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 390 px");

        // Sending without a service or a place names what is missing.
        await page.Locator("[data-testid=submit]").TapAsync();
        await Assertions.Expect(page.Locator("[data-testid=error-service_code]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=service]").SelectOptionAsync("wastebin");
        await page.Locator("[data-testid=submit]").TapAsync();
        await Assertions.Expect(page.Locator("[data-testid=error-lat]")).ToBeVisibleAsync();

        // Tap the middle of the map: the marker goes there and the place is shown.
        var map = page.Locator("[data-testid=report-map]");
        var box = (await map.BoundingBoxAsync())!;
        await map.TapAsync(new LocatorTapOptions { Position = new Position { X = box.Width / 2, Y = box.Height / 2 } });
        await Assertions.Expect(page.Locator("[data-testid=place]")).ToContainTextAsync("Repère placé");
        Assert.Equal(1, await page.Locator(".leaflet-marker-icon").CountAsync());
        await page.Locator("[data-testid=description]").FillAsync("Conteneur qui déborde devant l'école");
        await page.Locator("[data-testid=photo]").FillAsync("https://photos.example/conteneur.jpg");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("report-phone.png"), FullPage = true });
        await page.Locator("[data-testid=submit]").TapAsync();

        var link = page.Locator("[data-testid=status-link]");
        await Assertions.Expect(link).ToBeVisibleAsync();
        var requestId = await link.GetAttributeAsync("data-request-id");
        Assert.False(string.IsNullOrEmpty(requestId));
        await Assertions.Expect(page.Locator("[data-testid=receipt] h1")).ToContainTextAsync(requestId!);

        // The ticket: opened for the waste operator, from the public page, at the tapped place.
        var tickets = await ApiGetAsync(hub, "/api/tickets?service=wastebin");
        var ticket = Assert.Single(tickets.GetProperty("items").EnumerateArray().ToList());
        Assert.Equal("OP-WASTE", ticket.GetProperty("operatorId").GetString());
        Assert.Contains("Conteneur qui déborde", ticket.GetProperty("summary").GetString(), StringComparison.Ordinal);
        var detail = await ApiGetAsync(hub, $"/api/tickets/{ticket.GetProperty("id").GetInt64()}");
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("actor").GetString() == "public-page");

        // The same request through Open311, as any client sees it.
        var open311 = await hub.Http.GetFromJsonAsync<JsonElement>(new Uri($"/open311/v2/requests/{requestId}.json", UriKind.Relative));
        Assert.Equal("https://photos.example/conteneur.jpg", open311[0].GetProperty("media_url").GetString());

        // The status link: open, handled by the operator; once fixed, the reporter rates it.
        await link.TapAsync();
        await Assertions.Expect(page.Locator("[data-testid=status]")).ToHaveAttributeAsync("data-status", "open");
        await Assertions.Expect(page.Locator("[data-testid=agency]")).ToHaveTextAsync("Propreté Littorale");
        await hub.Services.GetRequiredService<TicketService>().ResolveAsync(ticket.GetProperty("id").GetInt64(), "op", "emptied", CancellationToken.None);
        await hub.Services.GetRequiredService<Iot.Hub.Open311.TicketFollower>().FlushAsync(CancellationToken.None);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-testid=status]")).ToHaveAttributeAsync("data-status", "closed");
        await page.Locator("[data-testid=rating] button").Nth(3).TapAsync();
        await Assertions.Expect(page.Locator("[data-testid=rated]")).ToContainTextAsync("4/5");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Arabic_IsRightToLeft_AndAnUnknownRequestSaysSo()
    {
        await using var hub = await HubInstance.StartAsync();
        var (page, errors) = await OpenPhoneAsync(hub, "/report?culture=ar", locale: "en-US");

        await page.WaitForSelectorAsync("[data-testid=report-map][data-ready=true]");
        Assert.Equal("rtl", await page.GetAttributeAsync("html", "dir"));
        Assert.Equal("ar", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("الإبلاغ عن مشكلة");
        await Assertions.Expect(page.Locator("[data-testid=service] option[value=bus]")).ToHaveTextAsync("الحافلة");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 390 px");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("report-phone-ar.png"), FullPage = true });

        await page.Locator("[data-testid=lookup]").FillAsync("424242");
        await page.Locator("[data-testid=lookup]").PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=not-found]")).ToContainTextAsync("424242");

        await page.GotoAsync(hub.Http.BaseAddress + "report?culture=en");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Report a problem");
        Assert.Equal("ltr", await page.GetAttributeAsync("html", "dir"));
        Assert.Empty(errors);
    }

    private static string Screenshot(string name)
    {
        var dir = Path.Combine(BrowserFixture.RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }
}
