using Microsoft.Extensions.Logging;

namespace Iot.Simulation.Mqtt;

/// <summary>Log messages of the fleet simulator. Event ids 4000-4099.</summary>
internal static partial class SimulationLog
{
    [LoggerMessage(4001, LogLevel.Warning, "Simulated agent {AgentId} could not connect to {Endpoint} ({Failures} attempt(s)); retrying in {DelaySeconds:0.0} s: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string agentId, string endpoint, int failures, double delaySeconds, string reason);

    [LoggerMessage(4002, LogLevel.Information, "Simulated agent {AgentId} lost its connection: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, string agentId, string reason);

    [LoggerMessage(4003, LogLevel.Warning, "Simulated agent {AgentId}: subscribing to its command topics failed: {Reason}")]
    public static partial void SubscribeFailed(ILogger logger, string agentId, string reason);
}
