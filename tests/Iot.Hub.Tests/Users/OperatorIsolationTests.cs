using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Iot.Access;
using Iot.Contracts;
using Iot.Hub.Alerts;
using Iot.Testing;
using Iot.Testing.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Iot.Hub.Tests.Users;

/// <summary>
/// Operator isolation over every route of the API, found in the hub's own OpenAPI document rather than listed by hand:
/// each operator user (OP-LIGHT, OP-WASTE, OP-BUS of the demo commune) calls every operation with another operator's
/// ids (devices, tickets, commands, operator ids, reports) in the path, the query and the body, and must be refused
/// (403/404, or 400 naming the foreign field as unknown) or get a 2xx carrying none of that operator's data. A route added
/// later is walked without anyone remembering to add it here; it only has to be classified in <see cref="Routes"/>, and
/// the test fails until it is.
/// </summary>
public sealed partial class OperatorIsolationTests
{
    private enum Access
    {
        /// <summary>Anonymous by design (Open311, the citizens' API): no operator data behind a signed-in user.</summary>
        Public,

        /// <summary>Any signed-in user; nothing in it belongs to one operator (hub-wide counters, who am I).</summary>
        HubWide,

        /// <summary>Admins only: an operator user gets 403.</summary>
        AdminOnly,

        /// <summary>Answers with an operator's assets, tickets, commands, indicators, reports or alerts: cut to the viewer's.</summary>
        OperatorScoped,
    }

    /// <summary>Every operation of <c>/openapi/v1.json</c>, "METHOD /path". Complete: an operation missing here fails the test.</summary>
    private static readonly Dictionary<string, Access> Routes = new(StringComparer.Ordinal)
    {
        ["GET /api/alerts/deliveries"] = Access.OperatorScoped,
        ["GET /api/devices"] = Access.OperatorScoped,
        ["GET /api/devices/{id}"] = Access.OperatorScoped,
        ["GET /api/devices/{id}/telemetry"] = Access.OperatorScoped,
        ["GET /api/devices/{id}/commands"] = Access.OperatorScoped,
        ["POST /api/devices/{id}/commands"] = Access.OperatorScoped,
        ["GET /api/devices/{id}/commands/{commandId}"] = Access.OperatorScoped,
        ["GET /api/indicators"] = Access.OperatorScoped,
        ["GET /api/indicators/kpi"] = Access.OperatorScoped,
        ["GET /api/indicators/tickets"] = Access.OperatorScoped,
        ["GET /api/reports"] = Access.OperatorScoped,
        ["GET /api/reports/{scope}/{id}/{file}"] = Access.OperatorScoped,
        ["GET /api/tickets"] = Access.OperatorScoped,
        ["POST /api/tickets"] = Access.OperatorScoped,
        ["GET /api/tickets/{id}"] = Access.OperatorScoped,
        ["POST /api/tickets/{id}/ack"] = Access.OperatorScoped,
        ["POST /api/tickets/{id}/resolve"] = Access.OperatorScoped,
        ["POST /api/tickets/{id}/comment"] = Access.OperatorScoped,
        ["POST /api/tickets/{id}/close"] = Access.OperatorScoped,
        ["GET /api/ingest/stats"] = Access.HubWide,
        ["GET /api/users/me"] = Access.HubWide,
        ["GET /open311/discovery.{format}"] = Access.Public,
        ["GET /open311/v2/services.{format}"] = Access.Public,
        ["GET /open311/v2/services/{code}.{format}"] = Access.Public,
        ["GET /open311/v2/requests.{format}"] = Access.Public,
        ["POST /open311/v2/requests.{format}"] = Access.Public,
        ["GET /open311/v2/requests/{id}.{format}"] = Access.Public,
        ["POST /open311/v2/requests/{id}/rating.{format}"] = Access.Public,
    };

    private static readonly string[] DemoOperators = ["OP-LIGHT", "OP-WASTE", "OP-BUS"];

    [Fact]
    public async Task EveryOpenApiOperation_CalledByAnOperatorUserWithAnotherOperatorsIds_IsRefusedOrCarriesNoneOfItsData()
    {
        await using var hub = await HubInstance.StartAsync();
        var anonymous = hub.AnonymousClient();
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestJson.Options);
        var operations = Operations(document);

        // The classification is complete and not stale, and no API route is hidden from the document (it would escape).
        var documented = operations.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        Assert.True(documented.SetEquals(Routes.Keys),
            "Classify every OpenAPI operation in OperatorIsolationTests.Routes. Not classified: " + string.Join(", ", documented.Except(Routes.Keys))
            + "; classified but gone: " + string.Join(", ", Routes.Keys.Except(documented)));
        var mapped = hub.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api", StringComparison.Ordinal) || raw.StartsWith("/open311", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => Key(m, e.RoutePattern.RawText!)))
            .ToHashSet(StringComparer.Ordinal);
        mapped.Remove("GET /open311/{**rest}"); // Open311's own 404 for unknown paths (any method), anonymous, serves no data
        Assert.True(mapped.IsSubsetOf(documented), "API routes missing from the OpenAPI document: " + string.Join(", ", mapped.Except(documented)));

        var time = hub.Services.GetRequiredService<TimeProvider>();
        var month = time.GetUtcNow().ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var data = await SeedAsync(hub, month);
        var ticketsBefore = (await hub.GetAsync<JsonElement>("/api/tickets")).GetProperty("total").GetInt64();

        // Public operations are open to anyone (so nothing behind them is a signed-in operator's).
        foreach (var operation in operations.Where(o => Routes[o.Key] == Access.Public))
        {
            using var response = await anonymous.SendAsync(Request(operation, Fill(operation, data["OP-WASTE"], data["OP-WASTE"], [], month), body: null));
            Assert.True(response.StatusCode != HttpStatusCode.Unauthorized, $"{operation.Key} is classified public but asks anonymous callers to sign in");
        }

        var proven = new HashSet<string>(StringComparer.Ordinal);
        var adminAnswers = new Dictionary<string, (HttpStatusCode Status, string Body)>(StringComparer.Ordinal);
        var calls = 0;
        foreach (var self in DemoOperators)
        {
            var user = "isolation-" + self[3..];
            var client = await hub.ClientAsync(user, HubRoles.Operator, self);
            foreach (var other in DemoOperators.Where(o => o != self))
            {
                var (own, foreign) = (data[self], data[other]);
                foreach (var operation in operations.Where(o => Routes[o.Key] != Access.Public))
                {
                    foreach (var (values, foreignNames, mixed) in Variants(operation, own, foreign, month))
                    {
                        foreach (var (body, bodyForeignNames) in Bodies(operation, foreign))
                        {
                            var what = $"{user} → {operation.Key} {Describe(values)} {body?.ToJsonString()}";
                            var refusable = foreignNames.Concat(bodyForeignNames).ToHashSet(StringComparer.Ordinal);
                            using var response = await client.SendAsync(Request(operation, values, body));
                            var text = await response.Content.ReadAsStringAsync();
                            calls++;
                            var refused = IsRefusal(response.StatusCode, text, refusable);
                            Assert.True(refused || response.IsSuccessStatusCode, $"{what}: unexpected {(int)response.StatusCode} {text}");
                            Assert.False(!refused && foreign.Leaks(text), $"{what}: {(int)response.StatusCode} carries {other}'s data: {text}");
                            switch (Routes[operation.Key])
                            {
                                case Access.AdminOnly:
                                    Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{what}: admin-only, got {(int)response.StatusCode}");
                                    break;
                                case Access.OperatorScoped when operation.Method == "GET" && !mixed:
                                    // Not a check that cannot fail: an admin asking the same gets an answer, and the
                                    // operation counts as proven once the operator got less than the admin did.
                                    var url = Request(operation, values, null).RequestUri!.ToString();
                                    if (!adminAnswers.TryGetValue(url, out var admin))
                                    {
                                        using var asAdmin = await hub.Http.GetAsync(url);
                                        admin = (asAdmin.StatusCode, await asAdmin.Content.ReadAsStringAsync());
                                        adminAnswers[url] = admin;
                                    }

                                    Assert.True((int)admin.Status is >= 200 and < 300, $"{operation.Key} {Describe(values)}: admin got {(int)admin.Status} {admin.Body}: the probe's ids are not real");
                                    if (refused || foreign.Leaks(admin.Body))
                                    {
                                        proven.Add(operation.Key);
                                    }

                                    break;
                                case Access.OperatorScoped when refused:
                                    proven.Add(operation.Key); // the ids are real (seeded below); the state check at the end proves nothing changed
                                    break;
                            }
                        }
                    }
                }
            }
        }

        var scoped = Routes.Where(r => r.Value == Access.OperatorScoped).Select(r => r.Key).ToList();
        Assert.True(scoped.All(proven.Contains), "No probe showed these operations cut anything (seed data they would show an admin): " + string.Join(", ", scoped.Where(k => !proven.Contains(k))));
        Assert.True(calls > operations.Count * 2, $"only {calls} calls");

        // Nothing the operators tried changed another operator's things: tickets as opened, commands as sent, no new ticket.
        Assert.Equal(ticketsBefore, (await hub.GetAsync<JsonElement>("/api/tickets")).GetProperty("total").GetInt64());
        foreach (var seeded in data.Values)
        {
            var ticket = await hub.GetAsync<JsonElement>($"/api/tickets/{seeded.TicketId}");
            Assert.Equal("open", ticket.GetProperty("ticket").GetProperty("status").GetString());
            Assert.All(ticket.GetProperty("timeline").EnumerateArray(), e => Assert.Equal(hub.AdminName, e.GetProperty("actor").GetString()));
            var commands = await hub.GetAsync<JsonElement[]>($"/api/devices/{Uri.EscapeDataString(seeded.DeviceId)}/commands");
            Assert.All(commands, c => Assert.Equal(hub.AdminName, c.GetProperty("actor").GetString()));
        }
    }

    /// <summary>For each demo operator: one of its devices with a ticket, a command and an alert delivery, and its report of the month.</summary>
    private static async Task<Dictionary<string, OperatorData>> SeedAsync(HubInstance hub, string month)
    {
        var access = hub.Services.GetRequiredService<HubAccess>();
        var outbox = hub.Services.GetRequiredService<AlertOutbox>();
        var now = hub.Services.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds();
        var data = new Dictionary<string, OperatorData>(StringComparer.Ordinal);
        foreach (var op in DemoOperators)
        {
            var devices = hub.Registry.Devices.Where(d => access.OperatorOf(d.Id) == op).Select(d => d.Id).ToList();
            Assert.NotEmpty(devices);
            var asset = access.City.FindAsset(devices[0])!;
            var service = asset.Service.ToWire();
            var ticketId = await ApiAuthorizationTests.OpenAsync(hub.Http, new { service, severity = "high", summary = "Isolation probe", deviceId = asset.Id });
            Assert.Equal(op, (await hub.GetAsync<JsonElement>($"/api/tickets/{ticketId}")).GetProperty("ticket").GetProperty("operatorId").GetString());
            using var sent = await hub.Http.PostAsJsonAsync($"/api/devices/{Uri.EscapeDataString(asset.Id)}/commands", new { action = "ping" });
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
            var commandId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            var deliveryId = "delivery-" + op;
            await outbox.AddAsync([new AlertDelivery(deliveryId, ticketId, "opened", "email", $"operator:{op}", "ops@example.org", "subject", "{}", "sent", 1, now, null, now, now)], CancellationToken.None);
            using var report = await hub.Http.GetAsync($"/api/reports/operator/{op}/{month}.csv");
            Assert.Equal(HttpStatusCode.OK, report.StatusCode);
            data[op] = new OperatorData(op, asset.Id, service, asset.Location.X, asset.Location.Y, ticketId, commandId, deliveryId, devices);
        }

        return data;
    }

    /// <summary>The parameter sets to try: the required ones only, every id another operator's, and each id alone another's (the rest the caller's own).</summary>
    private static IEnumerable<(Dictionary<string, string> Values, string[] ForeignNames, bool Mixed)> Variants(Operation operation, OperatorData own, OperatorData foreign, string month)
    {
        var ids = operation.Parameters.Where(p => IdOf(operation.Path, p.Name, own) is not null).Select(p => p.Name).ToArray();
        var requiredIds = operation.Parameters.Where(p => p.Required && ids.Contains(p.Name)).Select(p => p.Name).ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        // The required parameters only (a listing unfiltered), then every id another operator's.
        var bare = Fill(operation, own, foreign, requiredIds, month);
        foreach (var optional in ids.Except(requiredIds))
        {
            bare.Remove(optional);
        }

        seen.Add(Describe(bare));
        yield return (bare, requiredIds, false);
        var all = Fill(operation, own, foreign, ids, month);
        if (seen.Add(Describe(all)))
        {
            yield return (all, ids, false);
        }

        // With several ids, each alone another operator's and the rest the caller's own (its device, another's command).
        foreach (var id in ids.Length > 1 ? ids : [])
        {
            var mixed = Fill(operation, own, foreign, [id], month);
            if (seen.Add(Describe(mixed)))
            {
                yield return (mixed, [id], true);
            }
        }
    }

    /// <summary>Path and query values: the ids in <paramref name="foreignNames"/> the other operator's, the other ids the caller's own, then fixed values.</summary>
    private static Dictionary<string, string> Fill(Operation operation, OperatorData own, OperatorData foreign, string[] foreignNames, string month)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in operation.Parameters)
        {
            var value = IdOf(operation.Path, parameter.Name, foreignNames.Contains(parameter.Name) ? foreign : own) ?? parameter.Name switch
            {
                "scope" => "operator",
                "file" => $"{month}.csv",
                "format" => "json",
                "code" => "streetlight",
                "metric" => "status",
                "id" when operation.Path == "/api/indicators/tickets" => "availability",
                "id" when operation.Path.StartsWith("/open311", StringComparison.Ordinal) => "1",
                _ => null,
            };
            if (value is not null)
            {
                values[parameter.Name] = value;
            }
            else
            {
                Assert.False(parameter.Required, $"{operation.Key}: teach OperatorIsolationTests.Fill a value for the required parameter '{parameter.Name}'");
            }
        }

        return values;
    }

    /// <summary>The value of a parameter that names something of one operator; null for the others.</summary>
    private static string? IdOf(string path, string name, OperatorData who) => name switch
    {
        "id" when path.StartsWith("/api/tickets", StringComparison.Ordinal) => who.TicketId.ToString(CultureInfo.InvariantCulture),
        "id" when path.StartsWith("/api/devices", StringComparison.Ordinal) => who.DeviceId,
        "id" when path.StartsWith("/api/reports", StringComparison.Ordinal) => who.OperatorId,
        "ticketId" => who.TicketId.ToString(CultureInfo.InvariantCulture),
        "commandId" => who.CommandId,
        "deviceId" => who.DeviceId,
        "operator" or "operatorId" => who.OperatorId,
        _ => null,
    };

    /// <summary>Request bodies from the operation's schema, naming the other operator's device by id, and separately by its place.</summary>
    private static IEnumerable<(JsonObject? Body, string[] ForeignNames)> Bodies(Operation operation, OperatorData foreign)
    {
        if (operation.BodyProperties.Count == 0)
        {
            yield return (null, []);
            yield break;
        }

        var body = new JsonObject();
        foreach (var property in operation.BodyProperties)
        {
            JsonNode? value = property switch
            {
                "deviceId" => foreign.DeviceId,
                "service" => foreign.Service,
                "severity" => "high",
                "summary" or "note" or "text" => "isolation probe",
                "action" => "ping",
                "longitude" => foreign.Longitude,
                "latitude" => foreign.Latitude,
                _ => null,
            };
            if (value is not null)
            {
                body[property] = value;
            }
        }

        if (body.ContainsKey("deviceId") && body.ContainsKey("longitude"))
        {
            var byId = (JsonObject)body.DeepClone();
            byId.Remove("longitude");
            byId.Remove("latitude");
            yield return (byId, ["deviceId"]);
            var byPlace = (JsonObject)body.DeepClone();
            byPlace.Remove("deviceId");
            yield return (byPlace, ["longitude", "service"]);
        }
        else
        {
            yield return (body, body.ContainsKey("deviceId") ? ["deviceId"] : []);
        }
    }

    /// <summary>403 or 404, or a 400 whose field is one that carried the other operator's id (it reads as unknown, as everywhere).</summary>
    private static bool IsRefusal(HttpStatusCode status, string body, HashSet<string> foreignNames)
    {
        if (status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            return true;
        }

        if (status != HttpStatusCode.BadRequest)
        {
            return false;
        }

        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.TryGetProperty("field", out var field) && foreignNames.Contains(field.GetString() ?? "");
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static HttpRequestMessage Request(Operation operation, Dictionary<string, string> values, JsonObject? body)
    {
        var path = PathParameter().Replace(operation.Path, m => Uri.EscapeDataString(values[m.Groups[1].Value]));
        var query = string.Join('&', operation.Parameters.Where(p => p.In == "query" && values.ContainsKey(p.Name))
            .Select(p => $"{p.Name}={Uri.EscapeDataString(values[p.Name])}"));
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), query.Length > 0 ? $"{path}?{query}" : path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        else if (operation.Method != "GET")
        {
            request.Content = JsonContent.Create(new JsonObject());
        }

        return request;
    }

    /// <summary>The operations of an OpenAPI document with their path and query parameters and the properties of their JSON body.</summary>
    private static List<Operation> Operations(JsonElement document)
    {
        var schemas = document.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var s) ? s : default;
        var operations = new List<Operation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var entry in path.Value.EnumerateObject().Where(e => e.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                var parameters = entry.Value.TryGetProperty("parameters", out var list)
                    ? list.EnumerateArray().Select(p => new Parameter(
                        p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!,
                        p.TryGetProperty("required", out var required) && required.GetBoolean())).ToList()
                    : [];
                var properties = new List<string>();
                if (entry.Value.TryGetProperty("requestBody", out var requestBody) && requestBody.GetProperty("content").TryGetProperty("application/json", out var json))
                {
                    CollectProperties(json.GetProperty("schema"), schemas, properties);
                }

                operations.Add(new Operation(entry.Name.ToUpperInvariant(), path.Name, parameters, properties));
            }
        }

        return operations;
    }

    private static void CollectProperties(JsonElement schema, JsonElement schemas, List<string> into)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            CollectProperties(schemas.GetProperty(reference.GetString()!.Split('/')[^1]), schemas, into);
        }

        foreach (var combinator in new[] { "anyOf", "oneOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var parts))
            {
                foreach (var part in parts.EnumerateArray())
                {
                    CollectProperties(part, schemas, into);
                }
            }
        }

        if (schema.TryGetProperty("properties", out var properties))
        {
            into.AddRange(properties.EnumerateObject().Select(p => p.Name).Where(n => !into.Contains(n)));
        }
    }

    private static string Key(string method, string pattern)
    {
        var path = RouteConstraint().Replace(pattern, "{$1}");
        return $"{method} {(path.Length > 1 ? path.TrimEnd('/') : path)}";
    }

    private static string Describe(Dictionary<string, string> values) =>
        string.Join('&', values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"));

    [GeneratedRegex(@"\{([^}:]+)\}")]
    private static partial Regex PathParameter();

    [GeneratedRegex(@"\{([^}:]+):[^}]+\}")]
    private static partial Regex RouteConstraint();

    private sealed record Parameter(string Name, string In, bool Required);

    private sealed record Operation(string Method, string Path, IReadOnlyList<Parameter> Parameters, IReadOnlyList<string> BodyProperties)
    {
        public string Key => OperatorIsolationTests.Key(Method, Path);
    }

    /// <summary>What one operator owns in the probe, and how to spot it in a response.</summary>
    private sealed record OperatorData(
        string OperatorId, string DeviceId, string Service, double Longitude, double Latitude, long TicketId, string CommandId, string DeliveryId,
        IReadOnlyList<string> Devices)
    {
        private readonly Regex _ticket = new($"\"(id|ticketId|parentId)\":{TicketId.ToString(CultureInfo.InvariantCulture)}(?![0-9])", RegexOptions.CultureInvariant);

        /// <summary>Whether a response carries anything of this operator: its id, one of its devices, its ticket, command or delivery.</summary>
        public bool Leaks(string body) =>
            body.Contains($"\"{OperatorId}\"", StringComparison.Ordinal)
            || body.Contains($"operator:{OperatorId}", StringComparison.Ordinal)
            || body.Contains($"\"{CommandId}\"", StringComparison.Ordinal)
            || body.Contains($"\"{DeliveryId}\"", StringComparison.Ordinal)
            || _ticket.IsMatch(body)
            || Devices.Any(d => body.Contains($"\"{d}\"", StringComparison.Ordinal));
    }
}
