namespace Iot.Hub.Ingest;

/// <summary>Body of <c>GET /api/ingest/stats</c>.</summary>
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
    long StoreFailures);
