using System.Globalization;
using Iot.Access;
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
internal sealed class HubLiveAssetSource(DeviceRegistry registry, LiveState live, TicketMarks tickets, HubAccess access) : ILiveAssetSource
{
    private readonly Lock _readLock = new();

    // What each asset's metrics last said, recomputed only when the device sent something since (ReadStates runs a few
    // times a second over every asset: copying every device's metrics each time would be wasted work).
    private readonly long[] _readSeenMs = new long[registry.City.Assets.Count];
    private readonly long[] _readSeq = new long[registry.City.Assets.Count];
    private readonly MetricsView[] _readViews = new MetricsView[registry.City.Assets.Count];

    public CityModel City => registry.City;

    public void ReadStates(Span<AssetState> states)
    {
        var assets = registry.City.Assets;
        lock (_readLock)
        {
            for (var i = 0; i < assets.Count; i++)
            {
                var device = live.FindDevice(assets[i].Id);
                var (seenMs, seq) = device is null ? (0, -1) : (device.LastSeenMs, device.LastSeq);
                if (seenMs != _readSeenMs[i] || seq != _readSeq[i] || _readViews[i] is null)
                {
                    _readSeenMs[i] = seenMs;
                    _readSeq[i] = seq;
                    _readViews[i] = View(assets[i], device);
                }

                states[i] = StateOf(assets[i], device, _readViews[i]);
            }
        }
    }

    /// <summary>The operator of the contract covering the asset today (<see cref="HubAccess"/>): what an operator user's map is cut to.</summary>
    public string? OperatorOf(int assetIndex) => access.OperatorOf(assetIndex);

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
        return StateOf(asset, device, View(asset, device));
    }

    private AssetState StateOf(Asset asset, DeviceLive? device, MetricsView view)
    {
        var agent = live.FindAgent(asset.AgentId);
        AssetStatus status;
        if ((agent is not null && !agent.Online) || device?.StatusOnline == false)
        {
            status = AssetStatus.Offline;
        }
        else if (tickets.OpenOn(asset.Id) > 0 || view.Status == AssetStatus.Fault)
        {
            status = AssetStatus.Fault;
        }
        else
        {
            status = view.Status;
        }

        return new AssetState(status, view.Latitude, view.Longitude);
    }

    /// <summary>What the device's own metrics say: never reported, fault, warning or ok; and where it is.</summary>
    private static MetricsView View(Asset asset, DeviceLive? device)
    {
        var (lat, lon) = (asset.Location.Y, asset.Location.X);
        if (device is null || device.LastSeenMs == 0)
        {
            return new MetricsView(AssetStatus.Unknown, lat, lon);
        }

        var metrics = device.SnapshotMetrics();
        if (asset.Service == ServiceKind.Bus && Number(metrics, "lat") is { } busLat && Number(metrics, "lon") is { } busLon)
        {
            (lat, lon) = (busLat, busLon);
        }

        var status = (Text(metrics, "status") is { } s && s != "ok") || Text(metrics, "serviceStatus") == "broken"
            ? AssetStatus.Fault
            : Number(metrics, "batteryLevel") < 0.2 || Number(metrics, "fillingLevel") >= 0.9 || Flag(metrics, "doorOpen")
                ? AssetStatus.Warning
                : AssetStatus.Ok;
        return new MetricsView(status, lat, lon);
    }

    private sealed record MetricsView(AssetStatus Status, double Latitude, double Longitude);

    private static string? Text(IReadOnlyDictionary<string, TimedValue> metrics, string name) =>
        metrics.TryGetValue(name, out var v) && v.Value.Kind == MetricValueKind.Text ? v.Value.Text : null;

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
