namespace Iot.Hub.Internal;

/// <summary>Source-generated log messages of ingest (embedded broker or external client), the city file, telemetry storage and the demo notice at start. Event ids 1000–1099; the other features have their own blocks (README.md, "Log event ids").</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Error, "Writing a batch of {Count} telemetry messages failed (attempt {Attempt}); it will be retried")]
    public static partial void StoreWriteFailed(ILogger logger, int count, int attempt, Exception exception);

    [LoggerMessage(1002, LogLevel.Information, "Embedded MQTT broker listening on {Address}:{Port}")]
    public static partial void BrokerStarted(ILogger logger, string address, int port);

    [LoggerMessage(1003, LogLevel.Information, "Agent {AgentId} refused at connect: {Reason}")]
    public static partial void ConnectRefused(ILogger logger, string agentId, string reason);

    [LoggerMessage(1004, LogLevel.Debug, "Message on {Topic} from {ClientId} refused: {Reason} ({Detail})")]
    public static partial void MessageRejected(ILogger logger, string topic, string clientId, string reason, string detail);

    [LoggerMessage(1005, LogLevel.Information, "Agent {AgentId} connected")]
    public static partial void AgentConnected(ILogger logger, string agentId);

    [LoggerMessage(1006, LogLevel.Information, "Agent {AgentId} disconnected ({Type})")]
    public static partial void AgentDisconnected(ILogger logger, string agentId, string type);

    [LoggerMessage(1007, LogLevel.Warning, "Subscription of {ClientId} to {Filter} refused: agents may subscribe only to their own devices' cmd topics")]
    public static partial void SubscriptionRefused(ILogger logger, string clientId, string filter);

    [LoggerMessage(1008, LogLevel.Information, "City {Source} loaded: {Communes} commune(s), {Assets} assets, {Agents} agents")]
    public static partial void CityLoaded(ILogger logger, string source, int communes, int assets, int agents);

    [LoggerMessage(1009, LogLevel.Information, "Retention: deleted {Count} telemetry messages older than {Days} days")]
    public static partial void RetentionDeleted(ILogger logger, long count, int days);

    [LoggerMessage(1010, LogLevel.Error, "Retention run failed")]
    public static partial void RetentionFailed(ILogger logger, Exception exception);

    [LoggerMessage(1011, LogLevel.Information, "Demo: the simulated city runs in-process against the embedded broker ({Agents} agents, speed {Speed}, seed {Seed}, scenario {Scenario}); Simulation:Enabled=false turns it off")]
    public static partial void SimulatedCityRuns(ILogger logger, int agents, double speed, int seed, string scenario);

    [LoggerMessage(1012, LogLevel.Error, "Ingest pipeline failed on a message from {Topic}")]
    public static partial void PipelineError(ILogger logger, string topic, Exception exception);

    [LoggerMessage(1013, LogLevel.Information, "Connected to the MQTT broker at {Endpoint} as {ClientId} (session present: {SessionPresent}); subscribed")]
    public static partial void BrokerConnected(ILogger logger, string endpoint, string clientId, bool sessionPresent);

    [LoggerMessage(1014, LogLevel.Warning, "Connecting to the MQTT broker at {Endpoint} failed ({Failures} in a row), next try in {DelaySeconds:0.0} s: {Reason}")]
    public static partial void BrokerConnectFailed(ILogger logger, string endpoint, int failures, double delaySeconds, string reason);

    [LoggerMessage(1015, LogLevel.Warning, "Lost the connection to the MQTT broker at {Endpoint} ({Reason}): {Detail}; the broker keeps the hub's session while it reconnects")]
    public static partial void BrokerDisconnected(ILogger logger, string endpoint, string reason, string detail);

    [LoggerMessage(1016, LogLevel.Warning, "Disconnecting from the MQTT broker at {Endpoint} failed: {Reason}")]
    public static partial void BrokerDisconnectFailed(ILogger logger, string endpoint, string reason);

    [LoggerMessage(1017, LogLevel.Warning, "Mqtt:Tls:AllowUntrusted is set: the certificate of the broker at {Endpoint} is not checked")]
    public static partial void BrokerCertificateNotChecked(ILogger logger, string endpoint);

    [LoggerMessage(1018, LogLevel.Error, "Ingest observer {Observer} failed on {Subject}")]
    public static partial void ObserverError(ILogger logger, string observer, string subject, Exception exception);
}
