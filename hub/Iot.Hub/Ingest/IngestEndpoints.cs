using Microsoft.AspNetCore.Http.HttpResults;

namespace Iot.Hub.Ingest;

internal static class IngestEndpoints
{
    public static IEndpointRouteBuilder MapIngest(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/ingest").WithTags("Ingest");
        group.MapGet("/stats", GetStats).WithName("GetIngestStats")
            .WithDescription("Messages received, accepted, stored and rejected by reason; queue depths; last batch latency.");
        return group;
    }

    private static Ok<IngestStatsDto> GetStats(IngestStats stats) => TypedResults.Ok(Create(stats));

    private static IngestStatsDto Create(IngestStats stats)
    {
        var latency = stats.StoredLatency.Snapshot();
        return new IngestStatsDto(
        stats.Received,
        stats.Accepted,
        stats.Stored,
        stats.RejectedTotal,
        stats.RejectedByReason(),
        stats.QueueDepth(),
        stats.WriterQueueDepth(),
        stats.LastBatchSize,
        stats.LastBatchLatency.TotalMilliseconds,
        stats.LastBatchWrite.TotalMilliseconds,
        stats.StoreFailures,
        LatencyHistogram.Quantile(latency, 0.5),
        LatencyHistogram.Quantile(latency, 0.99),
        latency);
    }
}
