using Iot.Access;
using Iot.Contracts;
using Iot.Hub.Internal;
using Iot.Hub.Storage;
using Iot.Hub.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Iot.Hub.Devices;

internal static class DevicesEndpoints
{
    private const int MaxRawPoints = 10_000;
    private const int MaxBuckets = 10_000;

    public static IEndpointRouteBuilder MapDevices(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/devices").WithTags("Devices");
        group.MapGet("/", ListDevices).WithName("ListDevices").WithQueryProblems()
            .WithDescription("Devices of the registry with their live state. Filters: service, commune, district, status (online|offline), bbox=minLon,minLat,maxLon,maxLat.");
        group.MapGet("/{id}", GetDevice).WithName("GetDevice");
        group.MapGet("/{id}/telemetry", GetTelemetry).WithName("GetDeviceTelemetry")
            .WithDescription("History of one metric: raw points, or mean/min/max per step when step (e.g. 5m, 1h, 300000) is given. from/to: ISO 8601 or Unix ms; default the last 24 h.");
        return group;
    }

    private static Results<Ok<IReadOnlyList<DeviceDto>>, ProblemHttpResult> ListDevices(
        [AsParameters] DeviceListQuery query, HttpContext http, DeviceRegistry registry, LiveState live, HubAccess access)
    {
        ServiceKind? serviceKind = null;
        if (query.Service is { } service)
        {
            if (!ServiceKinds.TryParse(service, out var parsed))
            {
                return Problems.Invalid("service", $"service '{service}' is not one of streetlight|cabinet|wastebin|bus.");
            }

            serviceKind = parsed;
        }

        bool? online = query.Status switch
        {
            null => null,
            "online" => true,
            "offline" => false,
            _ => null,
        };
        if (query.Status is not null && online is null)
        {
            return Problems.Invalid("status", $"status '{query.Status}' is not one of online|offline.");
        }

        // An operator user lists only the devices its contracts cover.
        var viewer = http.Viewer();
        IReadOnlyList<DeviceDto> result = [.. registry.Devices
            .Where(d => viewer.SeesAll || access.MaySeeAsset(viewer, d.Id))
            .Where(d => serviceKind is null || d.Service == serviceKind)
            .Where(d => query.Commune is null || d.Commune == query.Commune)
            .Where(d => query.District is null || d.District == query.District)
            .Where(d => query.Bbox is not { } box || box.Contains(d.Longitude, d.Latitude))
            .Where(d => online is null || live.IsOnline(d) == online)
            .Select(d => ToDto(d, live, withDiagnostics: false))];
        return TypedResults.Ok(result);
    }

    private static Results<Ok<DeviceDto>, ProblemHttpResult> GetDevice(string id, HttpContext http, DeviceRegistry registry, LiveState live, HubAccess access)
    {
        var device = registry.FindDevice(id);
        return device is null || !access.MaySeeAsset(http.Viewer(), id) ? NotFound(id) : TypedResults.Ok(ToDto(device, live, withDiagnostics: true));
    }

    private static async Task<Results<Ok<TelemetryHistoryDto>, ProblemHttpResult>> GetTelemetry(
        string id, string? metric, string? from, string? to, string? step,
        HttpContext http, DeviceRegistry registry, HubAccess access, ITelemetryStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (registry.FindDevice(id) is null || !access.MaySeeAsset(http.Viewer(), id))
        {
            return NotFound(id);
        }

        if (string.IsNullOrWhiteSpace(metric))
        {
            return Problems.Invalid("metric", "metric is required, e.g. ?metric=powerConsumption.");
        }

        var now = time.GetUtcNow();
        if (!TimeParameters.TryParseInstant(to, now, out var toMs))
        {
            return Problems.Invalid("to", "from and to must be ISO 8601 times or Unix milliseconds.");
        }

        if (!TimeParameters.TryParseInstant(from, now.AddDays(-1), out var fromMs))
        {
            return Problems.Invalid("from", "from and to must be ISO 8601 times or Unix milliseconds.");
        }

        if (fromMs >= toMs)
        {
            return Problems.Invalid("from", "from must be before to.");
        }

        if (step is null)
        {
            var points = await store.QueryRawAsync(id, metric, fromMs, toMs, MaxRawPoints, cancellationToken);
            return TypedResults.Ok(new TelemetryHistoryDto(id, metric, fromMs, toMs, null, points, null));
        }

        if (!TimeParameters.TryParseStep(step, out var stepMs))
        {
            return Problems.Invalid("step", "step must be a duration such as 30s, 5m, 1h, 1d or milliseconds.");
        }

        if ((toMs - fromMs) / stepMs > MaxBuckets)
        {
            return Problems.Invalid("step", $"from..to / step gives more than {MaxBuckets} buckets; use a larger step.");
        }

        var buckets = await store.QueryDownsampledAsync(id, metric, fromMs, toMs, stepMs, cancellationToken);
        return TypedResults.Ok(new TelemetryHistoryDto(id, metric, fromMs, toMs, stepMs, null, buckets));
    }

    internal static DeviceDto ToDto(DeviceInfo device, LiveState live, bool withDiagnostics)
    {
        var state = live.FindDevice(device.Id);
        var metrics = state?.SnapshotMetrics().ToDictionary(
            m => m.Key, m => new MetricDto(m.Value.Value.ToObject(), DateTimeOffset.FromUnixTimeMilliseconds(m.Value.Ts)), StringComparer.Ordinal)
            ?? [];
        var diagnostics = withDiagnostics
            ? new DeviceDiagnosticsDto(state?.SnapshotUnknownMetrics() ?? [], state?.Rejected ?? 0, state?.LastRejection)
            : null;
        return new DeviceDto(
            device.Id, device.Service.ToWire(), device.Commune, device.District, device.Agent,
            new GeoPoint(device.Latitude, device.Longitude), device.Cabinet, device.Route, device.Address,
            live.IsOnline(device),
            state is { LastSeenMs: > 0 } ? DateTimeOffset.FromUnixTimeMilliseconds(state.LastSeenMs) : null,
            metrics, diagnostics);
    }

    /// <summary>Also the answer for another operator's device: its existence does not leak.</summary>
    private static ProblemHttpResult NotFound(string id) => Problems.NotFound("device", $"No device '{id}' in the registry.");
}
