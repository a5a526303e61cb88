using Iot.Access;
using Iot.Dashboard.Assets;
using Iot.Hub.Storage;

namespace Iot.Hub.Dashboard;

/// <summary>The side panel's 24 h chart: the asset's key metric downsampled by the time-series store (SQLite or InfluxDB).</summary>
internal sealed class HubAssetHistory(ITelemetryStore store, HubAccess access, TimeProvider time) : IAssetHistory
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(30);

    public async Task<AssetSeries?> Last24HoursAsync(Viewer viewer, string assetId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var asset = access.City.FindAsset(assetId);
        if (asset is null || !access.MaySeeAsset(viewer, asset.Id))
        {
            return null;
        }

        var metric = KeyMetrics.For(asset.Service);
        // Buckets aligned on whole steps, the last one ending at the next step boundary, so that they do not shift at each read.
        var stepMs = (long)Step.TotalMilliseconds;
        var toMs = ((time.GetUtcNow().ToUnixTimeMilliseconds() / stepMs) + 1) * stepMs;
        var fromMs = toMs - (long)Window.TotalMilliseconds;
        var buckets = await store.QueryDownsampledAsync(asset.Id, metric.Name, fromMs, toMs, stepMs, cancellationToken);
        return new AssetSeries(
            asset.Id, metric, DateTimeOffset.FromUnixTimeMilliseconds(fromMs), DateTimeOffset.FromUnixTimeMilliseconds(toMs), Step,
            [.. buckets.Select(b => new SeriesBucket(DateTimeOffset.FromUnixTimeMilliseconds(b.Ts), b.Mean, b.Min, b.Max, b.Count))]);
    }
}
