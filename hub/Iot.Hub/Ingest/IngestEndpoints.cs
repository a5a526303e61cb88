using Microsoft.AspNetCore.Http.HttpResults;

namespace Iot.Hub.Ingest;

internal static class IngestEndpoints
{
    public static RouteGroupBuilder MapIngest(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/ingest").WithTags("Ingest");
        group.MapGet("/stats", GetStats).WithName("GetIngestStats")
            .WithDescription("Messages received, accepted, stored and rejected by reason; queue depths; last batch latency.");
        return group;
    }

    private static Ok<IngestStatsDto> GetStats(IngestStats stats) => TypedResults.Ok(new IngestStatsDto(
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
        stats.StoreFailures));
}
