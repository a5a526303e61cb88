using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Iot.Contracts;
using Iot.Dashboard.Tests.Infrastructure;
using Iot.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Iot.Dashboard.Tests.Browser;

/// <summary>
/// Accessibility in headless Chromium against a real demo hub: axe-core (npm devDependency of the dashboard, read from its
/// node_modules and injected into the page — the hub never serves it) checks every page against WCAG 2 A and AA, in French
/// and in Arabic; and the tickets' main path is driven with the keyboard only.
/// </summary>
public sealed class AccessibilityBrowserTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private const string UiUser = "tech-a11y";

    private static readonly Lazy<string> AxeSource = new(() =>
    {
        var path = Path.Combine(BrowserFixture.RepositoryRoot(), "dashboard", "Iot.Dashboard", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new FileNotFoundException("axe-core is missing: build dashboard/Iot.Dashboard (its build runs npm ci).", path);
    });

    private async Task<IPage> NewPageAsync(string locale)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 }, Locale = locale });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        return page;
    }

    /// <summary>A manual ticket on a lamp, through the API as an admin: the ticket pages' content.</summary>
    private static async Task<long> OpenTicketAsync(HubInstance hub)
    {
        await hub.Services.GetRequiredService<Iot.Hub.Tickets.TicketService>().Loaded;
        var lamp = hub.Registry.Devices.First(d => d.Service == ServiceKind.Streetlight && d.Address is not null);
        using var response = await hub.Http.PostAsJsonAsync("/api/tickets", new { service = "streetlight", severity = "high", summary = "Lampe éteinte", deviceId = lamp.Id });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var ticket = await response.Content.ReadFromJsonAsync<JsonElement>();
        return ticket.GetProperty("id").GetInt64();
    }

    /// <summary>Runs axe (WCAG 2 A and AA rules) on the page as it is now; returns one line per violation, empty when none.</summary>
    private async Task<List<string>> AuditAsync(IPage page, string name)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = AxeSource.Value });
        }

        var result = await page.EvaluateAsync<JsonElement>(
            """
            async () => {
              // The whole document, Leaflet's map panes included: nothing is excluded (the markers get a title, an alt and
              // Leaflet's keyboard focus from liveMap.js / reportMap.js, and no rule fires inside them).
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] });
              return { passes: r.passes.length, incomplete: r.incomplete.flatMap(v => v.nodes.map(n => v.id + ' at ' + n.target.join(' ') + ' (' + (n.any.concat(n.all, n.none).map(c => c.message).join('; ')) + ')')),
                violations: r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.map(n => ({ target: n.target.join(' '), summary: n.failureSummary })) })) };
            }
            """);
        // Rules axe passed: none would mean it judged an empty page.
        Assert.True(result.GetProperty("passes").GetInt32() > 0, $"{name}: axe passed no rule at all");
        // "Needs review" (axe cannot decide, e.g. text over an image): not failures, listed in the test's output.
        output.WriteLine($"{name}: {result.GetProperty("passes").GetInt32()} rules passed; to review by hand: {string.Join("\n    ", result.GetProperty("incomplete").EnumerateArray().Select(e => e.GetString()))}");
        var lines = new List<string>();
        foreach (var violation in result.GetProperty("violations").EnumerateArray())
        {
            var nodes = violation.GetProperty("nodes").EnumerateArray().ToList();
            var line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{name}: {violation.GetProperty("id").GetString()} ({violation.GetProperty("impact").GetString()}) — {violation.GetProperty("help").GetString()} — {nodes.Count} node(s):");
            foreach (var node in nodes)
            {
                line.Append(CultureInfo.InvariantCulture, $"\n    {node.GetProperty("target").GetString()} :: {node.GetProperty("summary").GetString()?.Replace('\n', ' ')}");
            }

            lines.Add(line.ToString());
        }

        return lines;
    }

    private static void AssertNoViolations(List<string> violations) =>
        Assert.True(violations.Count == 0, $"{violations.Count} accessibility violation(s):\n" + string.Join("\n", violations));

    [Fact]
    public async Task EveryPageInFrench_HasNoWcag2AOrAAViolation()
    {
        await using var hub = await HubInstance.StartAsync();
        var id = await OpenTicketAsync(hub);
        var lamp = hub.Registry.Devices.First(d => d.Service == ServiceKind.Streetlight && d.Address is not null);
        var violations = new List<string>();

        // Signed out: the sign-in page and the citizens' report page.
        var anonymous = await NewPageAsync("fr-FR");
        await anonymous.GotoAsync(new Uri(hub.BaseAddress, "/login").ToString());
        await anonymous.WaitForSelectorAsync("[data-testid=login-form]");
        violations.AddRange(await AuditAsync(anonymous, "/login"));
        await anonymous.GotoAsync(new Uri(hub.BaseAddress, "/report").ToString());
        await anonymous.WaitForSelectorAsync("[data-testid=report-map] .leaflet-overlay-pane path");
        violations.AddRange(await AuditAsync(anonymous, "/report"));

        // Signed in as a technician (who may act: the ticket's and the panel's buttons are enabled).
        var page = await NewPageAsync("fr-FR");
        await SignIn.AsAsync(page, hub.BaseAddress, UiUser, await hub.AddUserAsync(UiUser, "technician"), "/");
        (string Path, string Ready)[] pages =
        [
            ("/", "[data-testid=live-map][data-asset-count]"),
            ($"/?asset={lamp.Id}", "[data-testid=asset-commands]"),
            ("/tickets", "tr.ticket-row"),
            ($"/tickets/{id}", "[data-testid=timeline]"),
            ("/devices", "tr.device-row"),
            ("/indicators", ".indicator-cards"),
        ];
        foreach (var (path, ready) in pages)
        {
            await page.GotoAsync(new Uri(hub.BaseAddress, path).ToString());
            await page.WaitForSelectorAsync(ready);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            violations.AddRange(await AuditAsync(page, path));
        }

        AssertNoViolations(violations);
    }

    [Fact]
    public async Task TicketPageInArabic_HasNoWcag2AOrAAViolation()
    {
        await using var hub = await HubInstance.StartAsync();
        var id = await OpenTicketAsync(hub);
        var page = await NewPageAsync("ar");
        await SignIn.AsAsync(page, hub.BaseAddress, UiUser, await hub.AddUserAsync(UiUser, "technician"), $"/tickets/{id}?culture=ar");
        await page.WaitForSelectorAsync("[data-testid=timeline]");
        Assert.Equal("rtl", await page.GetAttributeAsync("html", "dir"));

        AssertNoViolations(await AuditAsync(page, $"/tickets/{id} (ar)"));
    }

    [Fact]
    public async Task KeyboardOnly_TabToTheFirstTicket_EnterOpensIt_TabToAcknowledge_EnterAcknowledgesIt()
    {
        await using var hub = await HubInstance.StartAsync();
        var id = await OpenTicketAsync(hub);
        var page = await NewPageAsync("fr-FR");
        await SignIn.AsAsync(page, hub.BaseAddress, UiUser, await hub.AddUserAsync(UiUser, "technician"), "/tickets");
        await page.WaitForSelectorAsync($"[data-testid=ticket-{id}] a");

        var toLink = await TabUntilAsync(page, $"[data-testid=ticket-{id}] a", 40);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/tickets/{id}");
        await page.WaitForSelectorAsync("[data-testid=timeline]");

        var toAck = await TabUntilAsync(page, "[data-testid=ack]", 40);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=ticket-head] [data-state]")).ToHaveAttributeAsync("data-state", "acknowledged");

        var api = await hub.Http.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}");
        Assert.Equal("acknowledged", api.GetProperty("ticket").GetProperty("status").GetString());
        Assert.Contains(api.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("action").GetString() == "acknowledged" && e.GetProperty("actor").GetString() == UiUser);
        output.WriteLine($"Tab presses: {toLink} to the first ticket's link on /tickets, {toAck} to the acknowledge button on /tickets/{id}");
    }

    [Fact]
    public async Task ReportPage_KeyboardOnly_TabToTheMap_EnterPlacesTheMarker()
    {
        await using var hub = await HubInstance.StartAsync();
        var page = await NewPageAsync("fr-FR");
        await page.GotoAsync(new Uri(hub.BaseAddress, "/report").ToString());
        await page.WaitForSelectorAsync("[data-testid=report-map][data-ready=true]");
        var place = page.Locator("[data-testid=place]");
        await Assertions.Expect(place).ToContainTextAsync("Touchez la carte");

        var presses = await TabUntilAsync(page, "[data-testid=report-map]", 30);
        await page.Keyboard.PressAsync("ArrowUp"); // Leaflet pans: the centre is no longer the starting one
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(place).Not.ToContainTextAsync("Touchez la carte");
        Assert.Equal(1, await page.Locator("[data-testid=report-map] .leaflet-marker-icon").CountAsync());
        output.WriteLine($"Tab presses to the report map: {presses}");
    }

    /// <summary>Presses Tab from where the focus is until the element matching <paramref name="selector"/> has it; returns the presses.</summary>
    private static async Task<int> TabUntilAsync(IPage page, string selector, int most)
    {
        var visited = new List<string>();
        for (var presses = 1; presses <= most; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>(
                "s => { const a = document.activeElement; if (a && a.matches(s)) return ''; return a ? (a.tagName + (a.id ? '#' + a.id : '') + ' ' + (a.getAttribute('aria-label') ?? a.textContent ?? '').trim().slice(0, 30)) : 'none'; }",
                selector);
            if (focused.Length == 0)
            {
                return presses;
            }

            visited.Add(focused);
        }

        Assert.Fail($"{selector} not reached in {most} Tab presses; focus went through: {string.Join(" | ", visited)}");
        return -1;
    }
}
