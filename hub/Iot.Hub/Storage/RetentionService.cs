using Iot.Hub.Internal;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Storage;

/// <summary>Deletes telemetry older than <c>Storage:RetentionDays</c>, at start and then every hour.</summary>
public sealed class RetentionService(ITelemetryStore store, TimeProvider time, IOptions<StorageOptions> options, ILogger<RetentionService> logger) : BackgroundService
{
    public static TimeSpan Interval { get; } = TimeSpan.FromHours(1);

    /// <summary>One retention pass; returns how many messages were deleted.</summary>
    public async Task<long> RunOnceAsync(CancellationToken cancellationToken)
    {
        var days = options.Value.RetentionDays;
        var cutoff = time.GetUtcNow().AddDays(-days).ToUnixTimeMilliseconds();
        var deleted = await store.DeleteOlderThanAsync(cutoff, cancellationToken);
        if (deleted > 0)
        {
            Log.RetentionDeleted(logger, deleted, days);
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.RetentionFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
