using System.Globalization;
using Iot.City;
using Iot.Contracts;
using Iot.Dashboard.Live;
using Iot.Hub.Devices;

namespace Iot.Hub.Dashboard;

/// <summary>
/// The live map's view of the hub's in-memory state (never the time-series store). An asset is
/// <b>offline</b> when its agent is known and disconnected, or the device said it went offline;
/// <b>fault</b> when it has an unresolved ticket, its <c>status</c> metric is not <c>ok</c> or a bus reports <c>broken</c>;
/// <b>unknown</b> when it never reported; <b>warning</b> when its battery is below 20 %, a bin is 90 % full or a cabinet door
/// is open; otherwise <b>ok</b>.
/// </summary>
internal sealed class HubLiveAssetSource(DeviceRegistry registry, LiveState live, TicketMarks tickets) : ILiveAssetSource
{
    public CityModel City => registry.City;

    public void ReadStates(Span<AssetState> states)
    {
        var assets = registry.City.Assets;
        for (var i = 0; i < assets.Count; i++)
        {
            states[i] = StateOf(assets[i]);
        }
    }

    public AssetDetails? Describe(string assetId)
    {
        var device = registry.FindDevice(assetId);
        var asset = device is null ? null : registry.City.Assets.FirstOrDefault(a => a.Id == assetId);
        if (asset is null)
        {
            return null;
        }

        var deviceLive = live.FindDevice(assetId);
        var agent = live.FindAgent(asset.AgentId);
        var metrics = deviceLive?.SnapshotMetrics() ?? new Dictionary<string, TimedValue>();
        var readings = metrics
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => new AssetReading(m.Key, Format(m.Value.Value), m.Value.Ts))
            .ToList();
        return new AssetDetails(StateOf(asset), agent?.Online, deviceLive?.LastSeenMs ?? 0, tickets.OpenOn(assetId), readings);
    }

    private AssetState StateOf(Asset asset)
    {
        var device = live.FindDevice(asset.Id);
        var agent = live.FindAgent(asset.AgentId);
        var (lat, lon) = (asset.Location.Y, asset.Location.X);
        IReadOnlyDictionary<string, TimedValue>? metrics = null;
        if (device is not null && device.LastSeenMs > 0)
        {
            metrics = device.SnapshotMetrics();
            if (asset.Service == ServiceKind.Bus && Number(metrics, "lat") is { } busLat && Number(metrics, "lon") is { } busLon)
            {
                (lat, lon) = (busLat, busLon);
            }
        }

        return new AssetState(StatusOf(asset, device, agent, metrics), lat, lon);
    }

    private AssetStatus StatusOf(Asset asset, DeviceLive? device, AgentLive? agent, IReadOnlyDictionary<string, TimedValue>? metrics)
    {
        if ((agent is not null && !agent.Online) || device?.StatusOnline == false)
        {
            return AssetStatus.Offline;
        }

        if (tickets.OpenOn(asset.Id) > 0
            || (Text(metrics, "status") is { } status && status != "ok")
            || Text(metrics, "serviceStatus") == "broken")
        {
            return AssetStatus.Fault;
        }

        if (metrics is null)
        {
            return AssetStatus.Unknown;
        }

        return Number(metrics, "batteryLevel") < 0.2 || Number(metrics, "fillingLevel") >= 0.9 || Flag(metrics, "doorOpen")
            ? AssetStatus.Warning
            : AssetStatus.Ok;
    }

    private static string? Text(IReadOnlyDictionary<string, TimedValue>? metrics, string name) =>
        metrics is not null && metrics.TryGetValue(name, out var v) && v.Value.Kind == MetricValueKind.Text ? v.Value.Text : null;

    private static double? Number(IReadOnlyDictionary<string, TimedValue> metrics, string name) =>
        metrics.TryGetValue(name, out var v) && v.Value.Kind == MetricValueKind.Number ? v.Value.Number : null;

    private static bool Flag(IReadOnlyDictionary<string, TimedValue> metrics, string name) =>
        metrics.TryGetValue(name, out var v) && v.Value.Bool;

    private static string Format(MetricValue value) => value.Kind switch
    {
        MetricValueKind.Number => value.Number.ToString("0.###", CultureInfo.CurrentCulture),
        MetricValueKind.Bool => value.Bool ? "true" : "false",
        _ => value.Text ?? "",
    };
}
