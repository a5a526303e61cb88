using Iot.Hub.Storage;

namespace Iot.Hub.Tests.Infrastructure;

/// <summary>A telemetry store whose writes wait until <paramref name="open"/> completes: stalls the hub's writer on demand.</summary>
public sealed class GatedTelemetryStore(ITelemetryStore inner, Task open) : ITelemetryStore
{
    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public async Task WriteAsync(IReadOnlyList<StoredTelemetry> batch, CancellationToken cancellationToken)
    {
        await open;
        await inner.WriteAsync(batch, cancellationToken);
    }

    public Task<IReadOnlyList<HistoryPoint>> QueryRawAsync(string deviceId, string metric, long fromMs, long toMs, int limit, CancellationToken cancellationToken) =>
        inner.QueryRawAsync(deviceId, metric, fromMs, toMs, limit, cancellationToken);

    public Task<IReadOnlyList<HistoryBucket>> QueryDownsampledAsync(string deviceId, string metric, long fromMs, long toMs, long stepMs, CancellationToken cancellationToken) =>
        inner.QueryDownsampledAsync(deviceId, metric, fromMs, toMs, stepMs, cancellationToken);

    public Task<long> DeleteOlderThanAsync(long cutoffMs, CancellationToken cancellationToken) => inner.DeleteOlderThanAsync(cutoffMs, cancellationToken);
}
