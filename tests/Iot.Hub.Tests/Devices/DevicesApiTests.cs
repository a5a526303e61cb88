using System.Net;
using System.Text.Json;
using Iot.Testing.Hosting;

namespace Iot.Hub.Tests.Devices;

public sealed class DevicesApiTests
{
    [Fact]
    public async Task ListDevices_Filters_ServiceDistrictBboxAndStatus()
    {
        await using var hub = await HubInstance.StartAsync();
        var all = await hub.GetAsync<JsonElement[]>("/api/devices");
        Assert.Equal(hub.Registry.Devices.Count, all.Length);

        var bins = await hub.GetAsync<JsonElement[]>("/api/devices?service=wastebin");
        Assert.Equal(hub.Registry.Devices.Count(d => d.Service == Iot.Contracts.ServiceKind.Wastebin), bins.Length);
        Assert.All(bins, b => Assert.Equal("wastebin", b.GetProperty("service").GetString()));

        var district = hub.Registry.Devices[0].District;
        var inDistrict = await hub.GetAsync<JsonElement[]>($"/api/devices?district={district}");
        Assert.Equal(hub.Registry.Devices.Count(d => d.District == district), inDistrict.Length);

        var lamp = hub.Registry.Devices.First(d => d.Id.StartsWith("LAMP", StringComparison.Ordinal));
        var box = FormattableString.Invariant($"{lamp.Longitude - 0.0001},{lamp.Latitude - 0.0001},{lamp.Longitude + 0.0001},{lamp.Latitude + 0.0001}");
        var near = await hub.GetAsync<JsonElement[]>($"/api/devices?bbox={box}");
        Assert.Contains(near, d => d.GetProperty("id").GetString() == lamp.Id);
        Assert.True(near.Length < 10);

        Assert.Empty(await hub.GetAsync<JsonElement[]>("/api/devices?status=online"));
        Assert.Equal(all.Length, (await hub.GetAsync<JsonElement[]>("/api/devices?status=offline")).Length);
    }

    [Theory]
    [InlineData("/api/devices?service=tram", 400)]
    [InlineData("/api/devices?status=sleepy", 400)]
    [InlineData("/api/devices?bbox=1,2,3", 400)]
    [InlineData("/api/devices/NO-SUCH", 404)]
    [InlineData("/api/devices/NO-SUCH/telemetry?metric=voltage", 404)]
    [InlineData("/api/devices/CAB-001/telemetry", 400)]
    [InlineData("/api/devices/CAB-001/telemetry?metric=voltage&step=fast", 400)]
    [InlineData("/api/devices/CAB-001/telemetry?metric=voltage&from=2026-01-02&to=2026-01-01", 400)]
    [InlineData("/api/devices/CAB-001/telemetry?metric=voltage&from=0&to=999999999999&step=1ms", 400)]
    public async Task BadRequests_AnswerProblemDetails(string path, int status)
    {
        await using var hub = await HubInstance.StartAsync();
        using var response = await hub.Http.GetAsync(path);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task OpenApiHealthAndStartPage_Served()
    {
        await using var hub = await HubInstance.StartAsync();
        var openApi = await hub.GetAsync<JsonElement>("/openapi/v1.json");
        var paths = openApi.GetProperty("paths");
        foreach (var path in new[] { "/api/devices", "/api/devices/{id}", "/api/devices/{id}/telemetry", "/api/ingest/stats" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from the OpenAPI document");
        }

        using var health = await hub.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        Assert.Contains("/api/devices", await hub.Http.GetStringAsync("/status"), StringComparison.Ordinal);
        Assert.Contains("_framework/blazor.web.js", await hub.Http.GetStringAsync("/"), StringComparison.Ordinal);
    }
}
