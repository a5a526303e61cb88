namespace Iot.Hub.Storage;

/// <summary>
/// Where time series are kept. Two implementations: SQLite (embedded default) and InfluxDB 1.x.
/// Writes are idempotent on (device, metric, ts, seq), so a replayed message is stored once.
/// </summary>
public interface ITelemetryStore
{
    /// <summary>Creates files, tables or the database if missing.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Writes one batch atomically.</summary>
    Task WriteAsync(IReadOnlyList<StoredTelemetry> batch, CancellationToken cancellationToken);

    /// <summary>Raw points of one metric of one device in [from, to), oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<HistoryPoint>> QueryRawAsync(string deviceId, string metric, long fromMs, long toMs, int limit, CancellationToken cancellationToken);

    /// <summary>Mean/min/max/count per <paramref name="stepMs"/> bucket (aligned on <paramref name="fromMs"/>); numeric values only.</summary>
    Task<IReadOnlyList<HistoryBucket>> QueryDownsampledAsync(string deviceId, string metric, long fromMs, long toMs, long stepMs, CancellationToken cancellationToken);

    /// <summary>Deletes everything older than <paramref name="cutoffMs"/>; returns how many messages (or points, for stores that keep points) went.</summary>
    Task<long> DeleteOlderThanAsync(long cutoffMs, CancellationToken cancellationToken);
}
