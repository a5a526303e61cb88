using System.Globalization;
using Iot.Contracts;
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
        group.MapGet("/", ListDevices).WithName("ListDevices")
            .WithDescription("Devices of the registry with their live state. Filters: service, commune, district, status (online|offline), bbox=minLon,minLat,maxLon,maxLat.");
        group.MapGet("/{id}", GetDevice).WithName("GetDevice");
        group.MapGet("/{id}/telemetry", GetTelemetry).WithName("GetDeviceTelemetry")
            .WithDescription("History of one metric: raw points, or mean/min/max per step when step (e.g. 5m, 1h, 300000) is given. from/to: ISO 8601 or Unix ms; default the last 24 h.");
        return group;
    }

    private static Results<Ok<IReadOnlyList<DeviceDto>>, ProblemHttpResult> ListDevices(
        HttpContext http, DeviceRegistry registry, LiveState live, AssetScope scope, string? service, string? commune, string? district, string? status, string? bbox)
    {
        ServiceKind? serviceKind = null;
        if (service is not null)
        {
            if (!ServiceKinds.TryParse(service, out var parsed))
            {
                return BadRequest($"service '{service}' is not one of streetlight|cabinet|wastebin|bus.");
            }

            serviceKind = parsed;
        }

        bool? online = status switch
        {
            null => null,
            "online" => true,
            "offline" => false,
            _ => null,
        };
        if (status is not null && online is null)
        {
            return BadRequest($"status '{status}' is not one of online|offline.");
        }

        double[]? box = null;
        if (bbox is not null)
        {
            box = bbox.Split(',').Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
            if (box.Length != 4 || box.Any(double.IsNaN) || box[0] > box[2] || box[1] > box[3])
            {
                return BadRequest("bbox must be minLon,minLat,maxLon,maxLat.");
            }
        }

        // An operator user lists only the devices its contracts cover.
        var viewer = http.Viewer();
        IReadOnlyList<DeviceDto> result = [.. registry.Devices
            .Where(d => viewer.SeesAll || scope.MaySee(viewer, d.Id))
            .Where(d => serviceKind is null || d.Service == serviceKind)
            .Where(d => commune is null || d.Commune == commune)
            .Where(d => district is null || d.District == district)
            .Where(d => box is null || (d.Longitude >= box[0] && d.Latitude >= box[1] && d.Longitude <= box[2] && d.Latitude <= box[3]))
            .Where(d => online is null || live.IsOnline(d) == online)
            .Select(d => ToDto(d, live, withDiagnostics: false))];
        return TypedResults.Ok(result);
    }

    private static Results<Ok<DeviceDto>, ProblemHttpResult> GetDevice(string id, HttpContext http, DeviceRegistry registry, LiveState live, AssetScope scope)
    {
        var device = registry.FindDevice(id);
        return device is null || !scope.MaySee(http.Viewer(), id) ? UnknownDevice(id) : TypedResults.Ok(ToDto(device, live, withDiagnostics: true));
    }

    private static async Task<Results<Ok<TelemetryHistoryDto>, ProblemHttpResult>> GetTelemetry(
        string id, string? metric, string? from, string? to, string? step,
        HttpContext http, DeviceRegistry registry, AssetScope scope, ITelemetryStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (registry.FindDevice(id) is null || !scope.MaySee(http.Viewer(), id))
        {
            return UnknownDevice(id);
        }

        if (string.IsNullOrWhiteSpace(metric))
        {
            return BadRequest("metric is required, e.g. ?metric=powerConsumption.");
        }

        var now = time.GetUtcNow();
        if (!TimeParameters.TryParseInstant(to, now, out var toMs) || !TimeParameters.TryParseInstant(from, now.AddDays(-1), out var fromMs))
        {
            return BadRequest("from and to must be ISO 8601 times or Unix milliseconds.");
        }

        if (fromMs >= toMs)
        {
            return BadRequest("from must be before to.");
        }

        if (step is null)
        {
            var points = await store.QueryRawAsync(id, metric, fromMs, toMs, MaxRawPoints, cancellationToken);
            return TypedResults.Ok(new TelemetryHistoryDto(id, metric, fromMs, toMs, null, points, null));
        }

        if (!TimeParameters.TryParseStep(step, out var stepMs))
        {
            return BadRequest("step must be a duration such as 30s, 5m, 1h, 1d or milliseconds.");
        }

        if ((toMs - fromMs) / stepMs > MaxBuckets)
        {
            return BadRequest($"from..to / step gives more than {MaxBuckets} buckets; use a larger step.");
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
    private static ProblemHttpResult UnknownDevice(string id) =>
        TypedResults.Problem($"No device '{id}' in the registry.", statusCode: StatusCodes.Status404NotFound, title: "Unknown device");

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
}
