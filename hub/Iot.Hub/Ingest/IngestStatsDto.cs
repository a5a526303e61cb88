namespace Iot.Hub.Ingest;

/// <summary>
/// Body of <c>GET /api/ingest/stats</c>. Latencies are device <c>ts</c> → stored since start, in whole ms (upper bucket
/// bounds); the histogram holds cumulative counts per 1 ms bucket up to 2 s plus one "≥ 2 s" bucket, so a client can
/// subtract two snapshots to get the figures of a period.
/// </summary>
public sealed record IngestStatsDto(
    long Received,
    long Accepted,
    long Stored,
    long Rejected,
    IReadOnlyDictionary<string, long> RejectedByReason,
    int QueueDepth,
    int WriterQueueDepth,
    long LastBatchSize,
    double LastBatchLatencyMs,
    double LastBatchWriteMs,
    long StoreFailures,
    long? StoredLatencyP50Ms,
    long? StoredLatencyP99Ms,
    IReadOnlyList<long> StoredLatencyHistogramMs);
