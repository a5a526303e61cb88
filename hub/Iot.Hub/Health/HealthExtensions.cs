using Iot.Hub.Ingest;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Iot.Hub.Health;

public static class HealthExtensions
{
    public static IServiceCollection AddHubHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<IngestHealthCheck>("ingest").AddCheck<MqttHealthCheck>("mqtt");
        return services;
    }

    public static IEndpointRouteBuilder MapHubHealth(this IEndpointRouteBuilder app)
    {
        // Anonymous: probes (docker, load balancers, `Iot.Hub healthcheck`) carry no credentials.
        app.MapHealthChecks("/healthz").AllowAnonymous();
        return app;
    }
}

/// <summary>Unhealthy when the time-series writer keeps failing; degraded when the ingest queue is nearly full.</summary>
internal sealed class IngestHealthCheck(IngestStats stats, Microsoft.Extensions.Options.IOptions<IngestOptions> options) : IHealthCheck
{
    private long _failuresSeen;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failures = stats.StoreFailures;
        var newFailures = failures - Interlocked.Exchange(ref _failuresSeen, failures);
        if (newFailures > 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"{newFailures} telemetry batch write(s) failed since the last check"));
        }

        var depth = stats.QueueDepth();
        return Task.FromResult(depth > options.Value.QueueCapacity * 0.9
            ? HealthCheckResult.Degraded($"ingest queue {depth}/{options.Value.QueueCapacity}")
            : HealthCheckResult.Healthy());
    }
}
