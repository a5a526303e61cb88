using System.Globalization;
using Iot.Access;
using Iot.Dashboard.Tests.Infrastructure;
using Iot.Hub.Users;
using Iot.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Iot.Dashboard.Tests.Browser;

/// <summary>Sign-in through the real /login page in headless Chromium, against a real hub with the demo users.</summary>
public sealed class SignInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private async Task<IPage> NewPageAsync(string locale = "fr-FR")
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 }, Locale = locale });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        return page;
    }

    [Fact]
    public async Task EachDemoRole_SignsIn_AndThePageShowsWhoIsSignedIn()
    {
        await using var hub = await HubInstance.StartAsync(["--Users:CreateDemoUsers=true"]);

        foreach (var (name, role, operatorId, password) in DemoUsers.For(hub.Registry.City))
        {
            var page = await NewPageAsync();
            await SignIn.AsAsync(page, hub.BaseAddress, name, password);

            var who = page.Locator("[data-testid=signed-in-user]");
            await Assertions.Expect(who).ToContainTextAsync(name);
            await Assertions.Expect(who).ToHaveAttributeAsync("data-role", role);
            if (operatorId is not null)
            {
                await Assertions.Expect(who).ToContainTextAsync(operatorId);
            }

            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task WrongPassword_ShowsAnError_AndNoSession()
    {
        await using var hub = await HubInstance.StartAsync(["--Users:CreateDemoUsers=true"]);
        var page = await NewPageAsync("en-US");
        await page.GotoAsync(hub.BaseAddress.ToString());
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");

        await SignIn.SubmitAsync(page, "admin", "not-the-password");

        await Assertions.Expect(page.Locator("[data-testid=login-error]")).ToHaveTextAsync("Wrong user name or password.");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        Assert.Equal("admin", await page.Locator("#name").InputValueAsync());
        Assert.Empty(await page.Locator("#password").InputValueAsync());
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == UsersExtensions.CookieName);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.RepositoryRoot(), "docs", "screenshots", "login-error.png") });

        // The right password on the same page gets in.
        await SignIn.SubmitAsync(page, "admin", "admin-demo");
        await Assertions.Expect(page.Locator("[data-testid=signed-in-user]")).ToContainTextAsync("admin");
    }

    [Fact]
    public async Task OperatorsMap_ShowsOnlyItsOwnAssets()
    {
        await using var hub = await HubInstance.StartAsync(["--Users:CreateDemoUsers=true"]);
        var scope = hub.Services.GetRequiredService<HubAccess>();
        var bins = hub.Registry.Devices.Where(d => scope.OperatorOf(d.Id) == "OP-WASTE").ToList();
        var lamp = hub.Registry.Devices.First(d => scope.OperatorOf(d.Id) == "OP-LIGHT");
        Assert.NotEmpty(bins);
        var page = await NewPageAsync();

        await SignIn.AsAsync(page, hub.BaseAddress, "op-waste", "op-waste-demo");

        await page.WaitForSelectorAsync("[data-testid=live-map][data-asset-count]");
        Assert.Equal(bins.Count.ToString(CultureInfo.InvariantCulture), await page.GetAttributeAsync("[data-testid=live-map]", "data-asset-count"));
        Assert.Equal(bins.Count, await page.EvaluateAsync<int>("() => window.iotLiveMap.counts().visible"));
        Assert.Equal("unknown", await page.EvaluateAsync<string?>("id => window.iotLiveMap.statusOf(id)", bins[0].Id));
        Assert.Null(await page.EvaluateAsync<string?>("id => window.iotLiveMap.statusOf(id)", lamp.Id));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.iotLiveMap.markers.filter(m => !m.iotId.startsWith('BIN-')).length"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.RepositoryRoot(), "docs", "screenshots", "live-map-operator.png") });
    }

    [Fact]
    public async Task ACitizensCircuit_OpenedByThePublicReportPage_CannotNavigateToTheMap()
    {
        await using var hub = await HubInstance.StartAsync();
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(hub.BaseAddress, "/report").ToString());
        await page.WaitForSelectorAsync("h1");
        Assert.Equal("/report", new Uri(page.Url).AbsolutePath);
        // The h1 is prerendered; the map is ready only once the interactive circuit runs (navigating earlier, under load,
        // went nowhere and timed out).
        await page.WaitForSelectorAsync("[data-testid=report-map][data-ready=true]");

        // Navigation inside the circuit (no new HTTP request for the page): AuthorizeRouteView sends it to the sign-in page.
        await page.EvaluateAsync("() => Blazor.navigateTo('/tickets')");

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");
        Assert.Equal("/tickets", System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query)["ReturnUrl"]);
        Assert.Equal(0, await page.Locator("[data-testid=live-map], tr.ticket-row").CountAsync());
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        await using var hub = await HubInstance.StartAsync(["--Users:CreateDemoUsers=true"]);
        var page = await NewPageAsync();
        await SignIn.AsAsync(page, hub.BaseAddress, "technician", "technician-demo");

        await page.Locator("[data-testid=sign-out]").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/logout");
        await Assertions.Expect(page.Locator("[data-testid=signed-in-user]")).ToContainTextAsync("technician");
        await page.Locator("[data-testid=logout-form] button[type=submit]").ClickAsync();

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");
        await page.GotoAsync(hub.BaseAddress.ToString());
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");
    }
}
