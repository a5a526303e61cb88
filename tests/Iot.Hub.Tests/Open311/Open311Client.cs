using System.Globalization;
using System.Net;
using System.Text.Json;
using Iot.City;
using Iot.Hub.Open311;
using Iot.Hub.Tickets;
using Iot.Testing;
using Iot.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;

namespace Iot.Hub.Tests.Open311;

/// <summary>A plain Open311 client of a real hub: form-encoded POSTs, JSON answers read as they come.</summary>
internal sealed class Open311Client(HubInstance hub)
{
    public const string Base = "/open311/v2/";

    /// <summary>The demo commune's centre; tests place reports around it with <see cref="At"/>.</summary>
    public static readonly Coordinate Centre = new(7.2661, 43.7031);

    public HubInstance Hub { get; } = hub;

    public static Coordinate At(double eastMeters, double northMeters) => CityGeometry.Offset(Centre, eastMeters, northMeters);

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The fields of a valid POST at <paramref name="place"/>, with the demo key; <paramref name="extra"/> adds or replaces (null removes).</summary>
    public static Dictionary<string, string?> Fields(string serviceCode, Coordinate place, params (string Key, string? Value)[] extra)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["api_key"] = Open311Options.DemoApiKey,
            ["service_code"] = serviceCode,
            ["lat"] = Number(place.Y),
            ["long"] = Number(place.X),
            ["description"] = $"{serviceCode} problem reported by a test",
        };
        foreach (var (key, value) in extra)
        {
            fields[key] = value;
        }

        return fields;
    }

    public async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(string path, IDictionary<string, string?> fields)
    {
        using var content = new FormUrlEncodedContent(fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Key, f.Value!)));
        var response = await Hub.Http.PostAsync(new Uri(Base + path, UriKind.Relative), content);
        return (response.StatusCode, await ReadAsync(response), response);
    }

    public async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> GetAsync(string pathAndQuery)
    {
        var response = await Hub.Http.GetAsync(new Uri(Base + pathAndQuery, UriKind.Relative));
        return (response.StatusCode, await ReadAsync(response), response);
    }

    /// <summary>Posts a valid request and returns its id and rating token (fails unless 201).</summary>
    public async Task<(string Id, string Token)> CreateAsync(string serviceCode, Coordinate place, params (string Key, string? Value)[] extra)
    {
        var (status, body, _) = await PostAsync("requests.json", Fields(serviceCode, place, extra));
        Assert.True(status == HttpStatusCode.Created, $"POST answered {(int)status}: {body}");
        var created = Assert.Single(body.EnumerateArray().ToList());
        return (created.GetProperty("service_request_id").GetString()!, created.GetProperty("rating_token").GetString()!);
    }

    public async Task<JsonElement> RequestAsync(string id)
    {
        var (status, body, _) = await GetAsync($"requests/{id}.json");
        Assert.True(status == HttpStatusCode.OK, $"GET requests/{id}.json answered {(int)status}: {body}");
        return Assert.Single(body.EnumerateArray().ToList());
    }

    /// <summary>The stored request behind an id (the ticket it opened or joined is not part of Open311's answer).</summary>
    public async Task<ServiceRequest> StoredAsync(string id) =>
        await Hub.Services.GetRequiredService<ServiceRequestStore>().FindAsync(long.Parse(id, CultureInfo.InvariantCulture), CancellationToken.None)
        ?? throw new InvalidOperationException($"no stored request {id}");

    public async Task<Ticket> TicketOfAsync(string id) =>
        await Hub.Services.GetRequiredService<TicketStore>().FindAsync((await StoredAsync(id)).TicketId, CancellationToken.None)
        ?? throw new InvalidOperationException($"request {id} has no ticket");

    /// <summary>Waits until GET requests/{id}.json says <paramref name="status"/> (the request follows its ticket on its own loop).</summary>
    public async Task<JsonElement> WaitForStatusAsync(string id, string status)
    {
        JsonElement last = default;
        await Poll.UntilAsync(async () => (last = await RequestAsync(id)).GetProperty("status").GetString() == status,
            TimeSpan.FromSeconds(10), $"request {id} {status}");
        return last;
    }

    /// <summary>Asserts the Open311 error form: one element whose code is the HTTP status, and returns its description.</summary>
    public static string Error(HttpStatusCode expected, (HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response) answer)
    {
        Assert.True(answer.Status == expected, $"expected {(int)expected}, got {(int)answer.Status}: {answer.Body}");
        Assert.StartsWith("application/json", answer.Response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var error = Assert.Single(answer.Body.EnumerateArray().ToList());
        Assert.Equal((int)expected, error.GetProperty("code").GetInt32());
        var description = error.GetProperty("description").GetString();
        Assert.False(string.IsNullOrWhiteSpace(description));
        return description!;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
