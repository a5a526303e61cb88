using Iot.Hub.Ingest;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Health;

/// <summary>External mode: unhealthy while the hub is not connected and subscribed to the broker (the broker queues meanwhile).</summary>
internal sealed class MqttHealthCheck(IOptions<MqttOptions> options, IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.Value.Mode != MqttMode.External)
        {
            return Task.FromResult(HealthCheckResult.Healthy("embedded broker"));
        }

        var client = services.GetRequiredService<ExternalBrokerClient>();
        return Task.FromResult(client.IsReady
            ? HealthCheckResult.Healthy($"connected to {client.Endpoint}")
            : HealthCheckResult.Unhealthy($"not connected to the MQTT broker at {client.Endpoint}: {client.LastError ?? "connecting"}"));
    }
}
