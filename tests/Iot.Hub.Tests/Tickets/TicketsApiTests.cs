using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Iot.Contracts;
using Iot.Hub.Tickets;
using Iot.Testing;
using Iot.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Iot.Hub.Tests.Tickets;

public sealed class TicketsApiTests
{
    [Fact]
    public async Task Manual_ticket_goes_through_ack_comment_resolve_close_and_its_timeline_shows_who_did_what()
    {
        await using var hub = await HubInstance.StartAsync();
        var id = await OpenAsync(hub, new { service = "wastebin", severity = "high", summary = "Bin on fire smell", deviceId = "BIN-0002" }, "citizen-desk");

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(hub, $"/api/tickets/{id}/ack", new { }, "tech-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(hub, $"/api/tickets/{id}/comment", new { text = "on site at 10:00" }, "tech-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(hub, $"/api/tickets/{id}/resolve", new { note = "emptied and cleaned" }, "tech-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(hub, $"/api/tickets/{id}/close", new { }, "manager")).StatusCode);

        var detail = await hub.GetAsync<JsonElement>($"/api/tickets/{id}");
        var ticket = detail.GetProperty("ticket");
        Assert.Equal("closed", ticket.GetProperty("status").GetString());
        Assert.Equal("manual", ticket.GetProperty("rule").GetString());
        Assert.Equal("wastebin", ticket.GetProperty("service").GetString());
        Assert.Equal("BIN-0002", ticket.GetProperty("deviceId").GetString());
        Assert.Equal("OP-WASTE", ticket.GetProperty("operatorId").GetString());
        foreach (var field in new[] { "openedAt", "ackDueAt", "repairDueAt", "acknowledgedAt", "resolvedAt", "closedAt" })
        {
            Assert.Equal(JsonValueKind.String, ticket.GetProperty(field).ValueKind);
        }

        var timeline = detail.GetProperty("timeline").EnumerateArray().Select(e => (e.GetProperty("actor").GetString(), e.GetProperty("action").GetString())).ToList();
        Assert.Equal([("citizen-desk", "opened"), ("tech-1", "acknowledged"), ("tech-1", "commented"), ("tech-1", "resolved"), ("manager", "closed")], timeline);
    }

    [Fact]
    public async Task Invalid_transitions_are_409_and_bad_input_400_naming_the_field()
    {
        await using var hub = await HubInstance.StartAsync();
        var id = await OpenAsync(hub, new { service = "bus", severity = "low", summary = "Seat torn", deviceId = "BUS-01" }, null);

        using var close = await PostAsync(hub, $"/api/tickets/{id}/close", new { }, null);
        Assert.Equal(HttpStatusCode.Conflict, close.StatusCode);
        Assert.Contains("cannot be closed", await close.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var resolveWithoutNote = await PostAsync(hub, $"/api/tickets/{id}/resolve", new { }, null);
        Assert.Equal(HttpStatusCode.BadRequest, resolveWithoutNote.StatusCode);
        Assert.Equal("note", (await resolveWithoutNote.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        using var unknown = await PostAsync(hub, "/api/tickets/424242/ack", new { }, null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        foreach (var (body, field) in new (object, string)[]
        {
            (new { service = "lighting", severity = "low", summary = "x", deviceId = "BUS-01" }, "service"),
            (new { service = "bus", severity = "urgent", summary = "x", deviceId = "BUS-01" }, "severity"),
            (new { service = "bus", severity = "low", summary = "", deviceId = "BUS-01" }, "summary"),
            (new { service = "bus", severity = "low", summary = "x", deviceId = "NOPE" }, "deviceId"),
        })
        {
            using var response = await PostAsync(hub, "/api/tickets", body, null);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        }

        using var badFilter = await hub.Http.GetAsync("/api/tickets?status=pending");
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
    }

    [Fact]
    public async Task Listing_filters_and_pages()
    {
        await using var hub = await HubInstance.StartAsync();
        for (var i = 1; i <= 5; i++)
        {
            await OpenAsync(hub, new { service = "wastebin", severity = i % 2 == 0 ? "high" : "low", summary = $"bin {i}", deviceId = $"BIN-000{i}" }, null);
        }

        var busId = await OpenAsync(hub, new { service = "bus", severity = "critical", summary = "bus", deviceId = "BUS-01" }, null);
        await PostAsync(hub, $"/api/tickets/{busId}/ack", new { }, null);

        var page1 = await hub.GetAsync<JsonElement>("/api/tickets?service=wastebin&pageSize=2&page=1");
        var page3 = await hub.GetAsync<JsonElement>("/api/tickets?service=wastebin&pageSize=2&page=3");
        Assert.Equal(5, page1.GetProperty("total").GetInt64());
        Assert.Equal(2, page1.GetProperty("items").GetArrayLength());
        Assert.Equal(1, page3.GetProperty("items").GetArrayLength());
        Assert.Equal(2, (await hub.GetAsync<JsonElement>("/api/tickets?severity=high")).GetProperty("total").GetInt64());
        Assert.Equal(5, (await hub.GetAsync<JsonElement>("/api/tickets?operator=OP-WASTE")).GetProperty("total").GetInt64());
        var acknowledged = await hub.GetAsync<JsonElement>("/api/tickets?status=acknowledged");
        Assert.Equal(busId, Assert.Single(acknowledged.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Equal(0, (await hub.GetAsync<JsonElement>("/api/tickets?bbox=0,0,1,1")).GetProperty("total").GetInt64());
        Assert.Equal(6, (await hub.GetAsync<JsonElement>("/api/tickets?bbox=7,43,8,44")).GetProperty("total").GetInt64());
        Assert.Equal(0, (await hub.GetAsync<JsonElement>("/api/tickets?from=2999-01-01T00:00:00Z")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_raised_problem_is_listed_once_and_survives_a_hub_restart_without_duplicates()
    {
        var dataDir = Directory.CreateTempSubdirectory("iot-hub-test-").FullName;
        try
        {
            var lamp = Signal();
            await using (var hub = await HubInstance.StartAsync(dataDir: dataDir))
            {
                var sink = hub.Services.GetRequiredService<IProblemSink>();
                sink.Raise(lamp with { AtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
                sink.Raise(lamp with { AtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
                await Poll.UntilAsync(
                    async () => (await hub.GetAsync<JsonElement>("/api/tickets?status=open")).GetProperty("total").GetInt64() == 1,
                    TimeSpan.FromSeconds(10), "the raised problem to be listed");
            }

            await using (var hub = await HubInstance.StartAsync(dataDir: dataDir))
            {
                var sink = hub.Services.GetRequiredService<IProblemSink>();
                sink.Raise(lamp with { AtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
                await hub.Services.GetRequiredService<TicketService>().FlushAsync(CancellationToken.None);
                var listed = await hub.GetAsync<JsonElement>("/api/tickets");
                var ticket = Assert.Single(listed.GetProperty("items").EnumerateArray());
                Assert.Equal(("open", "lamp_fault", "OP-LIGHT"), (ticket.GetProperty("status").GetString(), ticket.GetProperty("rule").GetString(), ticket.GetProperty("operatorId").GetString()));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }

        static ProblemSignal Signal() => new(
            "lamp_fault:LAMP-003-01", RuleNames.LampFault, ServiceKind.Streetlight, "high", "LAMP-003-01", null, "demo", 7.2530, 43.6950,
            "LAMP-003-01 reports a defective lamp", null, 0);
    }

    private static async Task<long> OpenAsync(HubInstance hub, object body, string? user)
    {
        using var response = await PostAsync(hub, "/api/tickets", body, user);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>Posts as <paramref name="user"/> (a real user of the hub, signed in with HTTP Basic), or as the hub's test admin.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HubInstance hub, string path, object body, string? user)
    {
        var client = user is null ? hub.Http : await hub.ClientAsync(user, user.StartsWith("tech", StringComparison.Ordinal) ? "technician" : "manager");
        return await client.PostAsJsonAsync(path, body);
    }
}
