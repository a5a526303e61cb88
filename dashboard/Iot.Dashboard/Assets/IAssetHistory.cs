using Iot.Access;

namespace Iot.Dashboard.Assets;

/// <summary>The stored history of an asset's key metric (<see cref="KeyMetrics"/>), read from the hub's time-series store.</summary>
public interface IAssetHistory
{
    /// <summary>The last 24 h of the asset's key metric in 30-minute buckets; null when unknown or not visible to the viewer.</summary>
    Task<AssetSeries?> Last24HoursAsync(Viewer viewer, string assetId, CancellationToken cancellationToken);
}
