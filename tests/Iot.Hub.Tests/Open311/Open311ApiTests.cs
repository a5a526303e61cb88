using System.Globalization;
using System.Net;
using System.Text.Json;
using Iot.Contracts;
using Iot.Hub.Open311;
using Iot.Hub.Tickets;
using Iot.Testing;
using Iot.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Iot.Hub.Tests.Open311;

/// <summary>Open311 GeoReport v2 against a real hub over HTTP, as a plain client would use it.</summary>
public sealed class Open311ApiTests
{
    private static readonly string[] RequestFields =
    [
        "service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible",
        "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode",
        "lat", "long", "media_url",
    ];

    [Fact]
    public async Task Services_ListsWhatCitizensCanReport_WithGeoReportFields_AndRefusesXmlAndUnknownJurisdictions()
    {
        await using var hub = await HubInstance.StartAsync();
        var client = new Open311Client(hub);

        var (status, body, _) = await client.GetAsync("services.json");
        Assert.Equal(HttpStatusCode.OK, status);
        var services = body.EnumerateArray().ToList();
        Assert.Equal(["streetlight", "wastebin", "bus"], services.Select(s => s.GetProperty("service_code").GetString()));
        foreach (var service in services)
        {
            Assert.Equal(["service_code", "service_name", "description", "metadata", "type", "keywords", "group"], service.EnumerateObject().Select(p => p.Name));
            Assert.True(service.GetProperty("metadata").GetBoolean());
            Assert.Equal("realtime", service.GetProperty("type").GetString());
        }

        var definition = await client.GetAsync("services/wastebin.json");
        Assert.Equal(HttpStatusCode.OK, definition.Status);
        var attribute = Assert.Single(definition.Body.GetProperty("attributes").EnumerateArray().ToList());
        Assert.Equal("asset_id", attribute.GetProperty("code").GetString());
        Assert.False(attribute.GetProperty("required").GetBoolean());

        Assert.Contains("JSON only", Open311Client.Error(HttpStatusCode.BadRequest, await client.GetAsync("services.xml")), StringComparison.Ordinal);
        Assert.Contains("jurisdiction_id", Open311Client.Error(HttpStatusCode.NotFound, await client.GetAsync("services.json?jurisdiction_id=atlantis")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("services.json?jurisdiction_id=demo")).Status);
        Assert.Contains("service_code", Open311Client.Error(HttpStatusCode.NotFound, await client.GetAsync("services/potholes.json")), StringComparison.Ordinal);
        Open311Client.Error(HttpStatusCode.NotFound, await client.GetAsync("nothing-here.json"));

        var discovery = await hub.GetAsync<JsonElement>("/open311/discovery.json");
        Assert.EndsWith("/open311/v2/", discovery.GetProperty("endpoints")[0].GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WithoutOrWithBadKey_Is403_AndBadFieldsAre400NamingTheField_InOpen311ErrorForm()
    {
        await using var hub = await HubInstance.StartAsync(["--Open311:RateLimit:Post:PermitLimit=100"]);
        var client = new Open311Client(hub);
        var place = Open311Client.At(0, 0);

        Assert.StartsWith("api_key", Open311Client.Error(HttpStatusCode.Forbidden, await client.PostAsync("requests.json", Open311Client.Fields("streetlight", place, ("api_key", null)))), StringComparison.Ordinal);
        Assert.StartsWith("api_key", Open311Client.Error(HttpStatusCode.Forbidden, await client.PostAsync("requests.json", Open311Client.Fields("streetlight", place, ("api_key", "not-the-key-at-all")))), StringComparison.Ordinal);

        foreach (var (extra, field) in new (string, string?)[][]
        {
            [("service_code", null)],
            [("service_code", "potholes")],
            [("lat", null), ("long", null)],
            [("long", null)],
            [("lat", "north")],
            [("lat", "95")],
            [("lat", "48.8566"), ("long", "2.3522")], // Paris: outside the commune
            [("media_url", "file:///etc/passwd")],
            [("email", "not an address")],
            [("description", new string('x', 4001))],
            [("attribute[asset_id]", "LAMP-NOPE")],
            [("attribute[asset_id]", "BIN-0002")], // a bin named in a street light report
        }.Select(e => (e, Field(e))))
        {
            var description = Open311Client.Error(HttpStatusCode.BadRequest, await client.PostAsync("requests.json", Open311Client.Fields("streetlight", place, extra)));
            Assert.StartsWith(field + ":", description, StringComparison.Ordinal);
        }

        Assert.StartsWith("lat:", Open311Client.Error(HttpStatusCode.BadRequest,
            await client.PostAsync("requests.json", Open311Client.Fields("streetlight", place, ("lat", null), ("long", null), ("address_string", "1 rue de la Mer")))), StringComparison.Ordinal);
        using var json = new StringContent("{\"service_code\":\"bus\"}", System.Text.Encoding.UTF8, "application/json");
        var jsonAnswer = await hub.Http.PostAsync(new Uri("/open311/v2/requests.json", UriKind.Relative), json);
        Assert.Equal(HttpStatusCode.BadRequest, jsonAnswer.StatusCode);
        Assert.Contains("x-www-form-urlencoded", await jsonAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("jurisdiction_id", Open311Client.Error(HttpStatusCode.NotFound,
            await client.PostAsync("requests.json", Open311Client.Fields("bus", place, ("jurisdiction_id", "atlantis")))), StringComparison.Ordinal);

        // Nothing was stored or opened by any of them.
        Assert.Empty(await hub.Services.GetRequiredService<TicketStore>().ListUnresolvedAsync(CancellationToken.None));
        Assert.Equal("0", (await client.GetAsync("requests.json")).Response.Headers.GetValues("X-Total-Count").Single());

        static string Field((string Key, string? Value)[] extra) =>
            extra[0].Key == "long" ? "long" : extra[0].Key == "lat" ? "lat" : extra[0].Key;
    }

    [Fact]
    public async Task Post_OpensATicketRoutedToTheOperator_AndTheRequestReadsBackWithGeoReportFields_NeverTheEmail()
    {
        await using var hub = await HubInstance.StartAsync();
        var client = new Open311Client(hub);
        var place = Open311Client.At(120, -80);

        var (id, token) = await client.CreateAsync("wastebin", place,
            ("description", "Conteneur plein, sacs par terre"), ("media_url", "https://photos.example/bin.jpg"),
            ("email", "habitant@example.org"), ("first_name", "Nadia"), ("address_string", "12 avenue des Pins"));
        Assert.True(token.Length >= 32);

        var (status, body, response) = await client.GetAsync($"requests/{id}.json");
        Assert.Equal(HttpStatusCode.OK, status);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("habitant@example.org", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Nadia", raw, StringComparison.Ordinal);
        var request = Assert.Single(body.EnumerateArray().ToList());
        Assert.Equal(RequestFields, request.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, request.GetProperty("service_request_id").GetString());
        Assert.Equal("open", request.GetProperty("status").GetString());
        Assert.Equal("wastebin", request.GetProperty("service_code").GetString());
        Assert.Equal("Conteneur plein, sacs par terre", request.GetProperty("description").GetString());
        Assert.Equal("https://photos.example/bin.jpg", request.GetProperty("media_url").GetString());
        Assert.Equal("12 avenue des Pins", request.GetProperty("address").GetString());
        Assert.Equal(place.Y, request.GetProperty("lat").GetDouble(), 9);
        Assert.Equal(place.X, request.GetProperty("long").GetDouble(), 9);
        Assert.Equal(JsonValueKind.Null, request.GetProperty("service_notice").ValueKind);

        // Routed like any other ticket: the waste operator's contract covers the place; the deadline is its SLA's.
        var ticket = await client.TicketOfAsync(id);
        Assert.Equal(ServiceKind.Wastebin, ticket.Service);
        Assert.Equal("OP-WASTE", ticket.OperatorId);
        Assert.Equal(CitizenReportService.TicketSeverity, ticket.Severity);
        Assert.Equal(hub.Registry.City.Operators.Single(o => o.Id == "OP-WASTE").Name, request.GetProperty("agency_responsible").GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(ticket.RepairDueAt!.Value), request.GetProperty("expected_datetime").GetDateTimeOffset());
        var requested = request.GetProperty("requested_datetime").GetDateTimeOffset();
        Assert.Equal(TimeSpan.Zero, requested.Offset);
        Assert.True(Math.Abs((requested - DateTimeOffset.UtcNow).TotalMinutes) < 5);
        var audit = await hub.Services.GetRequiredService<TicketStore>().AuditAsync(ticket.Id, CancellationToken.None);
        Assert.Contains(audit, a => a.Actor == "api:demo" && a.Action == "citizen_report" && a.Detail!.Contains($"request {id}", StringComparison.Ordinal));
        var stored = await client.StoredAsync(id);
        Assert.Equal("habitant@example.org", stored.Email);
        Assert.NotNull(stored.DistrictId);
        var point = Iot.City.CityGeometry.Factory.CreatePoint(place);
        Assert.Equal(hub.Services.GetRequiredService<Iot.City.CityIndex>().LocateDistrict("demo", point)!.Id, stored.DistrictId);
    }

    [Fact]
    public async Task Post_Within50MetresOfAnOpenTicketOfTheSameService_JoinsIt_At60MetresOpensANewOne()
    {
        await using var hub = await HubInstance.StartAsync();
        var client = new Open311Client(hub);

        var (first, _) = await client.CreateAsync("streetlight", Open311Client.At(0, 0));
        var (near, _) = await client.CreateAsync("streetlight", Open311Client.At(45, 0));
        var (far, _) = await client.CreateAsync("streetlight", Open311Client.At(-60, 0));
        var (otherService, _) = await client.CreateAsync("wastebin", Open311Client.At(5, 0));

        var ticket = (await client.StoredAsync(first)).TicketId;
        var nearStored = await client.StoredAsync(near);
        Assert.True(nearStored.Linked);
        Assert.Equal(ticket, nearStored.TicketId);
        Assert.NotEqual(JsonValueKind.Null, (await client.RequestAsync(near)).GetProperty("service_notice").ValueKind);
        Assert.False((await client.StoredAsync(far)).Linked);
        Assert.NotEqual(ticket, (await client.StoredAsync(far)).TicketId);
        Assert.False((await client.StoredAsync(otherService)).Linked);
        Assert.Equal(3, (await hub.Services.GetRequiredService<TicketStore>().ListUnresolvedAsync(CancellationToken.None)).Count);
        var audit = await hub.Services.GetRequiredService<TicketStore>().AuditAsync(ticket, CancellationToken.None);
        Assert.Contains(audit, a => a.Action == "citizen_report_linked" && a.Detail!.Contains($"request {near}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_NamingAnAssetWithAnOpenTicket_JoinsThatTicket_EvenFarFromIt_AndAnAssetAloneGivesThePlace()
    {
        await using var hub = await HubInstance.StartAsync();
        var client = new Open311Client(hub);
        var lamps = hub.Registry.Devices.Where(d => d.Service == ServiceKind.Streetlight).ToList();
        var lamp = lamps[0];
        var tickets = hub.Services.GetRequiredService<TicketService>();
        await tickets.Loaded;
        var existing = await tickets.OpenManualAsync(new ManualTicket("streetlight", "high", "Lamp dark", lamp.Id), "tech", CancellationToken.None);

        var away = Iot.City.CityGeometry.Offset(new NetTopologySuite.Geometries.Coordinate(lamp.Longitude, lamp.Latitude), 300, 0);
        var (named, _) = await client.CreateAsync("streetlight", away, ("attribute[asset_id]", lamp.Id));
        Assert.Equal(existing.Id, (await client.StoredAsync(named)).TicketId);
        Assert.True((await client.StoredAsync(named)).Linked);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(existing.RepairDueAt!.Value), (await client.RequestAsync(named)).GetProperty("expected_datetime").GetDateTimeOffset());

        // Another lamp, no coordinates: the request is placed at the lamp and its new ticket names it.
        var other = lamps.First(l => Iot.City.CityGeometry.MetersBetween(new(l.Longitude, l.Latitude), new(lamp.Longitude, lamp.Latitude)) > 100);
        var (alone, _) = await client.CreateAsync("streetlight", Open311Client.Centre, ("lat", null), ("long", null), ("attribute[asset_id]", other.Id));
        var request = await client.RequestAsync(alone);
        Assert.Equal(other.Latitude, request.GetProperty("lat").GetDouble(), 9);
        Assert.Equal(other.Longitude, request.GetProperty("long").GetDouble(), 9);
        var ticket = await client.TicketOfAsync(alone);
        Assert.Equal(other.Id, ticket.DeviceId);
        Assert.NotEqual(existing.Id, ticket.Id);
    }

    [Fact]
    public async Task Get_PagesAndFilters_ByIds_ServiceCode_Status_AndDates()
    {
        await using var hub = await HubInstance.StartAsync();
        var client = new Open311Client(hub);
        var ids = new List<string>();
        string[] services = ["streetlight", "wastebin", "streetlight", "bus", "streetlight"];
        for (var i = 0; i < services.Length; i++)
        {
            ids.Add((await client.CreateAsync(services[i], Open311Client.At(i * 200, 300))).Id);
        }

        var page1 = await client.GetAsync("requests.json?page_size=2");
        Assert.Equal(HttpStatusCode.OK, page1.Status);
        Assert.Equal("5", page1.Response.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal([ids[4], ids[3]], Ids(page1.Body)); // newest first
        var next = page1.Response.Headers.GetValues("Link").Single();
        Assert.Contains("page=2", next, StringComparison.Ordinal);
        Assert.Contains("rel=\"next\"", next, StringComparison.Ordinal);
        var page3 = await client.GetAsync("requests.json?page_size=2&page=3");
        Assert.Equal([ids[0]], Ids(page3.Body));
        Assert.False(page3.Response.Headers.Contains("Link"));

        Assert.Equal([ids[4], ids[2], ids[0]], Ids((await client.GetAsync("requests.json?service_code=streetlight")).Body));
        Assert.Equal([ids[3], ids[1]], Ids((await client.GetAsync("requests.json?service_code=wastebin,bus")).Body));
        // service_request_id overrides the other filters.
        Assert.Equal([ids[3], ids[0]], Ids((await client.GetAsync($"requests.json?service_request_id={ids[0]},{ids[3]}&service_code=wastebin")).Body));

        var tomorrow = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        Assert.Empty(Ids((await client.GetAsync($"requests.json?start_date={tomorrow}")).Body));
        Assert.Empty(Ids((await client.GetAsync($"requests.json?end_date={yesterday}")).Body));
        Assert.Equal(5, Ids((await client.GetAsync($"requests.json?start_date={yesterday}&end_date={tomorrow}")).Body).Count);

        // Closing the ticket of one request closes it; status filters follow.
        var tickets = hub.Services.GetRequiredService<TicketService>();
        await tickets.ResolveAsync((await client.StoredAsync(ids[1])).TicketId, "tech", "emptied", CancellationToken.None);
        await client.WaitForStatusAsync(ids[1], "closed");
        Assert.Equal([ids[1]], Ids((await client.GetAsync("requests.json?status=closed")).Body));
        Assert.Equal(4, Ids((await client.GetAsync("requests.json?status=open")).Body).Count);
        Assert.Equal(5, Ids((await client.GetAsync("requests.json?status=open,closed")).Body).Count);

        Assert.StartsWith("status:", Open311Client.Error(HttpStatusCode.BadRequest, await client.GetAsync("requests.json?status=pending")), StringComparison.Ordinal);
        Assert.StartsWith("page_size:", Open311Client.Error(HttpStatusCode.BadRequest, await client.GetAsync("requests.json?page_size=5000")), StringComparison.Ordinal);
        Assert.StartsWith("page:", Open311Client.Error(HttpStatusCode.BadRequest, await client.GetAsync("requests.json?page=0")), StringComparison.Ordinal);
        Assert.StartsWith("start_date:", Open311Client.Error(HttpStatusCode.BadRequest, await client.GetAsync("requests.json?start_date=yesterday")), StringComparison.Ordinal);
        Assert.StartsWith("service_code:", Open311Client.Error(HttpStatusCode.BadRequest, await client.GetAsync("requests.json?service_code=potholes")), StringComparison.Ordinal);
        Assert.StartsWith("service_request_id:", Open311Client.Error(HttpStatusCode.NotFound, await client.GetAsync("requests/424242.json")), StringComparison.Ordinal);
        Assert.StartsWith("service_request_id:", Open311Client.Error(HttpStatusCode.NotFound, await client.GetAsync("requests/abc.json")), StringComparison.Ordinal);
        Open311Client.Error(HttpStatusCode.BadRequest, await client.GetAsync($"requests/{ids[0]}.xml"));

        static List<string> Ids(JsonElement body) => [.. body.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()!)];
    }

    [Fact]
    public async Task Rating_OnlyTheReporter_OnlyOnceClosed_OnlyOnce_1To5_AndTheIndicatorsSeeIt()
    {
        await using var hub = await HubInstance.StartAsync();
        var client = new Open311Client(hub);
        var (id, token) = await client.CreateAsync("bus", Open311Client.At(-300, -300));
        var path = $"requests/{id}/rating.json";

        Open311Client.Error(HttpStatusCode.Conflict, await client.PostAsync(path, new Dictionary<string, string?> { ["rating"] = "5", ["token"] = token }));

        var tickets = hub.Services.GetRequiredService<TicketService>();
        var ticketId = (await client.StoredAsync(id)).TicketId;
        await tickets.AcknowledgeAsync(ticketId, "op", CancellationToken.None);
        Assert.Equal("The operator in charge has acknowledged the problem.", (await WaitForNotesAsync(client, id, "acknowledged")).GetProperty("status_notes").GetString());
        await tickets.ResolveAsync(ticketId, "op", "bus towed to the depot", CancellationToken.None);
        var closed = await client.WaitForStatusAsync(id, "closed");
        Assert.Equal("Fixed by the operator.", closed.GetProperty("status_notes").GetString());

        Assert.StartsWith("token:", Open311Client.Error(HttpStatusCode.Forbidden, await client.PostAsync(path, new Dictionary<string, string?> { ["rating"] = "4", ["token"] = "someone-else" })), StringComparison.Ordinal);
        Assert.StartsWith("rating:", Open311Client.Error(HttpStatusCode.BadRequest, await client.PostAsync(path, new Dictionary<string, string?> { ["rating"] = "6", ["token"] = token })), StringComparison.Ordinal);
        Assert.StartsWith("rating:", Open311Client.Error(HttpStatusCode.BadRequest, await client.PostAsync(path, new Dictionary<string, string?> { ["rating"] = "great", ["token"] = token })), StringComparison.Ordinal);
        Open311Client.Error(HttpStatusCode.NotFound, await client.PostAsync("requests/424242/rating.json", new Dictionary<string, string?> { ["rating"] = "4", ["token"] = token }));

        var rated = await client.PostAsync(path, new Dictionary<string, string?> { ["rating"] = "4", ["token"] = token });
        Assert.Equal(HttpStatusCode.OK, rated.Status);
        Assert.Contains("already", Open311Client.Error(HttpStatusCode.Conflict, await client.PostAsync(path, new Dictionary<string, string?> { ["rating"] = "1", ["token"] = token })), StringComparison.Ordinal);

        var facts = await hub.Services.GetRequiredService<ICitizenReports>().ListAsync(0, long.MaxValue, CancellationToken.None);
        var fact = Assert.Single(facts);
        Assert.Equal((id, "bus", "OP-BUS", ticketId, 4), (fact.RequestId, fact.Service, fact.OperatorId, fact.TicketId!.Value, fact.Rating!.Value));
        Assert.NotNull(fact.ClosedMs);
        Assert.Empty(await hub.Services.GetRequiredService<ICitizenReports>().ListAsync(0, fact.ReceivedMs, CancellationToken.None));

        static async Task<JsonElement> WaitForNotesAsync(Open311Client client, string id, string word)
        {
            JsonElement last = default;
            await Poll.UntilAsync(async () => (last = await client.RequestAsync(id)).GetProperty("status_notes").GetString()!.Contains(word, StringComparison.Ordinal),
                TimeSpan.FromSeconds(10), $"request {id} notes say {word}");
            return last;
        }
    }

    [Fact]
    public async Task RateLimits_PerClientAddress_Answer429InOpen311Form_WithRetryAfter()
    {
        await using var hub = await HubInstance.StartAsync(["--Open311:RateLimit:Post:PermitLimit=2", "--Open311:RateLimit:Post:WindowSeconds=3600",
            "--Open311:RateLimit:Get:PermitLimit=3", "--Open311:RateLimit:Get:WindowSeconds=3600"]);
        var client = new Open311Client(hub);

        await client.CreateAsync("streetlight", Open311Client.At(0, 500));
        Open311Client.Error(HttpStatusCode.Forbidden, await client.PostAsync("requests.json", Open311Client.Fields("streetlight", Open311Client.At(0, 700), ("api_key", "wrong-key-wrong-key")))); // counts too
        var limited = await client.PostAsync("requests.json", Open311Client.Fields("streetlight", Open311Client.At(0, 900)));
        Assert.Contains("Too many requests", Open311Client.Error(HttpStatusCode.TooManyRequests, limited), StringComparison.Ordinal);
        Assert.True(int.Parse(limited.Response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture) > 0);
        Assert.Single(await hub.Services.GetRequiredService<TicketStore>().ListUnresolvedAsync(CancellationToken.None));

        // GETs have their own budget.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("services.json")).Status);
        }

        Open311Client.Error(HttpStatusCode.TooManyRequests, await client.GetAsync("requests.json"));
    }

    [Fact]
    public async Task ConfiguredKey_IsAcceptedAndNamedInTheAuditTrail()
    {
        await using var hub = await HubInstance.StartAsync(["--Open311:ApiKeys:0:Name=city-app", "--Open311:ApiKeys:0:Key=city-app-key-0123456789"]);
        var client = new Open311Client(hub);

        var (id, _) = await client.CreateAsync("wastebin", Open311Client.At(0, -400), ("api_key", "city-app-key-0123456789"));
        var audit = await hub.Services.GetRequiredService<TicketStore>().AuditAsync((await client.StoredAsync(id)).TicketId, CancellationToken.None);
        Assert.Contains(audit, a => a.Actor == "api:city-app" && a.Action == "opened");
        Assert.Equal("api:city-app", (await client.StoredAsync(id)).Source);
    }

    [Theory]
    [InlineData("--Open311:ApiKeys:0:Name=app --Open311:ApiKeys:0:Key=short", "Open311:ApiKeys:0:Key")]
    [InlineData("--Open311:ApiKeys:0:Key=long-enough-key-0123456789", "Open311:ApiKeys:0:Name")]
    [InlineData("--Open311:ApiKeys:0:Name=a --Open311:ApiKeys:0:Key=long-enough-key-0123456789 --Open311:ApiKeys:1:Name=a --Open311:ApiKeys:1:Key=other-long-key-0123456789", "Open311:ApiKeys:1:Name")]
    [InlineData("--Open311:RateLimit:Post:PermitLimit=0", "Open311:RateLimit:Post:PermitLimit")]
    [InlineData("--Open311:RateLimit:Get:WindowSeconds=0", "Open311:RateLimit:Get:WindowSeconds")]
    public async Task Start_BadOpen311Setting_FailsNamingTheKey(string settings, string key)
    {
        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () => await (await HubInstance.StartAsync(settings.Split(' '))).DisposeAsync());
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }
}
