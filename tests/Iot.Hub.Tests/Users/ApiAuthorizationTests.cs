using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Iot.Access;
using Iot.Hub.Alerts;
using Iot.Hub.Users;
using Iot.Testing;
using Iot.Testing.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Iot.Hub.Tests.Users;

/// <summary>Sign-in and roles enforced by a real hub over HTTP (HTTP Basic, as API clients use it).</summary>
public sealed class ApiAuthorizationTests
{
    [Fact]
    public async Task EveryApiEndpoint_WithoutCredentials_Answers401WithABasicChallenge_WhileHealthAndOpenApiStayOpen()
    {
        await using var hub = await HubInstance.StartAsync();
        var anonymous = hub.AnonymousClient();
        var wrong = hub.ClientFor(hub.AdminName, "not-the-password");
        var endpoints = hub.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, e.RoutePattern.RawText!)))
            .ToList();
        Assert.True(endpoints.Count >= 15, $"only {endpoints.Count} API endpoints found: " + string.Join(", ", endpoints));

        foreach (var (method, pattern) in endpoints)
        {
            var path = pattern.Replace("{id:long}", "1", StringComparison.Ordinal).Replace("{id}", "LAMP-001-01", StringComparison.Ordinal)
                .Replace("{commandId}", "c1", StringComparison.Ordinal);
            foreach (var client in new[] { anonymous, wrong })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method != "GET")
                {
                    request.Content = JsonContent.Create(new { action = "ping", note = "x", text = "x" });
                }

                using var response = await client.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)response.StatusCode} without valid credentials");
                Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hub.Http.GetAsync("/api/devices")).StatusCode);
    }

    [Fact]
    public async Task StaffPages_WithoutASession_RedirectToTheSignInPage_WithTheReturnUrl_PublicOnesStayOpen()
    {
        await using var hub = await HubInstance.StartAsync();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = hub.BaseAddress };

        foreach (var path in new[] { "/", "/status", "/tickets", "/tickets/1", "/devices", "/no-such-page" })
        {
            using var response = await browser.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{path}: {(int)response.StatusCode}");
            Assert.Equal("/login", response.Headers.Location!.AbsolutePath);
            Assert.Equal(path, System.Web.HttpUtility.ParseQueryString(response.Headers.Location.Query)["ReturnUrl"]);
        }

        // Open: the sign-in page, the citizens' report page, and what that page's circuit needs (its user decides the rest).
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/report")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/_framework/blazor.web.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsync("/_blazor/negotiate?negotiateVersion=1", null)).StatusCode);
    }

    [Fact]
    public async Task OperatorUser_SeesAndActsOnItsOwnTicketsOnly_AnotherOperatorsReadAsUnknown()
    {
        await using var hub = await HubInstance.StartAsync();
        var lampTicket = await OpenAsync(hub.Http, new { service = "streetlight", severity = "high", summary = "Lamp out", deviceId = "LAMP-001-01" });
        var binTicket = await OpenAsync(hub.Http, new { service = "wastebin", severity = "high", summary = "Bin burning", deviceId = "BIN-0001" });
        var light = await hub.ClientAsync("light-ops", "operator", "OP-LIGHT");

        var listed = await light.GetFromJsonAsync<JsonElement>("/api/tickets", TestJson.Options);
        Assert.Equal(1, listed.GetProperty("total").GetInt64());
        Assert.Equal(lampTicket, Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Equal(0, (await light.GetFromJsonAsync<JsonElement>("/api/tickets?operator=OP-WASTE", TestJson.Options)).GetProperty("total").GetInt64());
        Assert.Equal(2, (await hub.GetAsync<JsonElement>("/api/tickets")).GetProperty("total").GetInt64());

        Assert.Equal(HttpStatusCode.NotFound, (await light.GetAsync($"/api/tickets/{binTicket}")).StatusCode);
        foreach (var action in new[] { "ack", "comment", "resolve", "close" })
        {
            using var refused = await light.PostAsJsonAsync($"/api/tickets/{binTicket}/{action}", new { text = "mine now", note = "done" });
            Assert.True(refused.StatusCode == HttpStatusCode.NotFound, $"{action} on another operator's ticket: {(int)refused.StatusCode}");
            Assert.Contains($"No ticket {binTicket}.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var bin = await hub.GetAsync<JsonElement>($"/api/tickets/{binTicket}");
        Assert.Equal("open", bin.GetProperty("ticket").GetProperty("status").GetString());
        Assert.DoesNotContain(bin.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("actor").GetString() == "light-ops");

        // Its own: acknowledged, and the audit trail names the signed-in user.
        using var ack = await light.PostAsJsonAsync($"/api/tickets/{lampTicket}/ack", new { });
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var lamp = await light.GetFromJsonAsync<JsonElement>($"/api/tickets/{lampTicket}", TestJson.Options);
        Assert.Equal("acknowledged", lamp.GetProperty("ticket").GetProperty("status").GetString());
        var timeline = lamp.GetProperty("timeline").EnumerateArray().Select(e => (e.GetProperty("actor").GetString(), e.GetProperty("action").GetString())).ToList();
        Assert.Equal([(hub.AdminName, "opened"), ("light-ops", "acknowledged")], timeline);
    }

    [Fact]
    public async Task OperatorUser_SeesAndCommandsItsOwnDevicesOnly()
    {
        await using var hub = await HubInstance.StartAsync();
        var light = await hub.ClientAsync("light-ops", "operator", "OP-LIGHT");
        var scope = hub.Services.GetRequiredService<HubAccess>();
        var expected = hub.Registry.Devices.Where(d => scope.OperatorOf(d.Id) == "OP-LIGHT").Select(d => d.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Contains("LAMP-001-01", expected);
        Assert.DoesNotContain("BIN-0001", expected);

        var devices = await light.GetFromJsonAsync<JsonElement>("/api/devices", TestJson.Options);
        var seen = devices.EnumerateArray().Select(d => d.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, seen);
        Assert.All(devices.EnumerateArray(), d => Assert.Contains(d.GetProperty("service").GetString(), new[] { "streetlight", "cabinet" }));
        Assert.Empty((await light.GetFromJsonAsync<JsonElement>("/api/devices?service=wastebin", TestJson.Options)).EnumerateArray());
        Assert.True((await hub.GetAsync<JsonElement>("/api/devices")).GetArrayLength() > seen.Count);

        foreach (var path in new[] { "/api/devices/BIN-0001", "/api/devices/BIN-0001/telemetry?metric=fillingLevel", "/api/devices/BIN-0001/commands", "/api/devices/BUS-01/commands/c1" })
        {
            Assert.True((await light.GetAsync(path)).StatusCode == HttpStatusCode.NotFound, path);
        }

        using var foreign = await light.PostAsJsonAsync("/api/devices/BIN-0001/commands", new { action = "ping" });
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Empty(await hub.GetAsync<JsonElement[]>("/api/devices/BIN-0001/commands"));

        Assert.Equal(HttpStatusCode.OK, (await light.GetAsync("/api/devices/LAMP-001-01")).StatusCode);
        using var own = await light.PostAsJsonAsync("/api/devices/LAMP-001-01/commands", new { action = "ping" });
        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
        Assert.Equal("light-ops", (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("actor").GetString());
    }

    [Fact]
    public async Task OperatorUser_OpensManualTicketsOnItsOwnContractsOnly()
    {
        await using var hub = await HubInstance.StartAsync();
        var light = await hub.ClientAsync("light-ops", "operator", "OP-LIGHT");

        using var foreignDevice = await light.PostAsJsonAsync("/api/tickets", new { service = "wastebin", severity = "low", summary = "x", deviceId = "BIN-0001" });
        Assert.Equal(HttpStatusCode.BadRequest, foreignDevice.StatusCode);
        var problem = await foreignDevice.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("deviceId", problem.GetProperty("field").GetString());
        Assert.Contains("is not in the registry", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Its own lamp, but as a waste ticket: it would land in OP-WASTE's queue.
        using var foreignService = await light.PostAsJsonAsync("/api/tickets", new { service = "wastebin", severity = "low", summary = "x", deviceId = "LAMP-001-01" });
        Assert.Equal(HttpStatusCode.Forbidden, foreignService.StatusCode);
        Assert.Equal("service", (await foreignService.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(0, (await hub.GetAsync<JsonElement>("/api/tickets")).GetProperty("total").GetInt64());

        var id = await OpenAsync(light, new { service = "streetlight", severity = "medium", summary = "Flickering", deviceId = "LAMP-001-01" });
        var ticket = (await hub.GetAsync<JsonElement>($"/api/tickets/{id}")).GetProperty("ticket");
        Assert.Equal("OP-LIGHT", ticket.GetProperty("operatorId").GetString());
    }

    [Fact]
    public async Task OperatorUser_SeesOnlyTheAlertsSentToItsOperator()
    {
        await using var hub = await HubInstance.StartAsync();
        var outbox = hub.Services.GetRequiredService<AlertOutbox>();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        AlertDelivery Delivery(string id, string recipient) =>
            new(id, 1, "opened", "email", recipient, "ops@example.org", "subject", "{}", "sent", 1, now, null, now, now);
        await outbox.AddAsync([Delivery("d-light", "operator:OP-LIGHT"), Delivery("d-waste", "operator:OP-WASTE"), Delivery("d-commune", "commune:demo")], CancellationToken.None);
        var light = await hub.ClientAsync("light-ops", "operator", "OP-LIGHT");

        var mine = await light.GetFromJsonAsync<JsonElement>("/api/alerts/deliveries", TestJson.Options);
        var all = await hub.GetAsync<JsonElement>("/api/alerts/deliveries");

        Assert.Equal(["d-light"], mine.EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        Assert.Equal(3, all.GetArrayLength());
    }

    [Fact]
    public async Task OperatorUser_GetsItsOwnOperatorsIndicatorsAndReports_Only()
    {
        await using var hub = await HubInstance.StartAsync();
        var light = await hub.ClientAsync("light-ops", "operator", "OP-LIGHT");

        var mine = await light.GetFromJsonAsync<JsonElement>("/api/indicators", TestJson.Options);
        Assert.Equal("OP-LIGHT", mine.GetProperty("operator").GetString()); // forced, not "all operators"
        Assert.Equal(JsonValueKind.Null, (await hub.GetAsync<JsonElement>("/api/indicators")).GetProperty("operator").ValueKind);

        foreach (var path in new[] { "/api/indicators?operator=OP-WASTE", "/api/indicators/kpi?operator=OP-WASTE", "/api/indicators/tickets?id=availability&operator=OP-WASTE" })
        {
            using var refused = await light.GetAsync(path);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{path}: {(int)refused.StatusCode}");
            Assert.Equal("operator", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        }

        var month = DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var path in new[] { $"/api/reports/commune/demo/{month}.csv", $"/api/reports/operator/OP-WASTE/{month}.csv" })
        {
            Assert.True((await light.GetAsync(path)).StatusCode == HttpStatusCode.Forbidden, path);
        }
    }

    [Fact]
    public async Task Manager_MayNotSendCommands_TechnicianMay()
    {
        await using var hub = await HubInstance.StartAsync();
        var manager = await hub.ClientAsync("mayor-office", "manager");
        var technician = await hub.ClientAsync("tech-2", "technician");

        using var refused = await manager.PostAsJsonAsync("/api/devices/LAMP-001-01/commands", new { action = "switch", args = new { state = "off" } });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("may not send commands", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await hub.GetAsync<JsonElement[]>("/api/devices/LAMP-001-01/commands"));
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync("/api/devices/BIN-0001")).StatusCode); // managers see everything

        using var sent = await technician.PostAsJsonAsync("/api/devices/LAMP-001-01/commands", new { action = "switch", args = new { state = "off" } });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var command = Assert.Single(await hub.GetAsync<JsonElement[]>("/api/devices/LAMP-001-01/commands"));
        Assert.Equal("tech-2", command.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Me_TellsWhoIsSignedIn_AndADisabledUserIsRefusedAtOnce()
    {
        await using var hub = await HubInstance.StartAsync();
        var waste = await hub.ClientAsync("waste-ops", "operator", "OP-WASTE");

        var me = await waste.GetFromJsonAsync<JsonElement>("/api/users/me", TestJson.Options);
        Assert.Equal(("waste-ops", "operator", "OP-WASTE", true),
            (me.GetProperty("name").GetString(), me.GetProperty("role").GetString(), me.GetProperty("operatorId").GetString(), me.GetProperty("canCommand").GetBoolean()));

        Assert.True(await hub.Services.GetRequiredService<UserStore>().DisableAsync("waste-ops", CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, (await waste.GetAsync("/api/users/me")).StatusCode);
    }

    internal static async Task<long> OpenAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/api/tickets", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    internal static AuthenticationHeaderValue Basic(string name, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{name}:{password}")));
}
