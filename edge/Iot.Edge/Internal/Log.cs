using Microsoft.Extensions.Logging;

namespace Iot.Edge.Internal;

/// <summary>The edge agent's log messages (event ids 4100-4199).</summary>
internal static partial class Log
{
    [LoggerMessage(4100, LogLevel.Information, "Agent {AgentId} connected to {Host}:{Port}, session {Session}; {Backlog} queued message(s) to drain")]
    public static partial void Connected(ILogger logger, string agentId, string host, int port, long session, long backlog);

    [LoggerMessage(4101, LogLevel.Warning, "Agent {AgentId}: connection to {Host}:{Port} failed or was lost ({Reason}); retrying in {DelayMs} ms")]
    public static partial void ConnectionLost(ILogger logger, string agentId, string host, int port, string reason, long delayMs);

    [LoggerMessage(4102, LogLevel.Warning, "Queue was full: {Count} message(s) of {DeviceId} were dropped (oldest first); reported as a bufferOverflow event")]
    public static partial void Dropped(ILogger logger, string deviceId, long count);

    [LoggerMessage(4103, LogLevel.Warning, "Broker refused {Topic} with {Reason}; the message is removed from the queue")]
    public static partial void PublishRefused(ILogger logger, string topic, string reason);

    [LoggerMessage(4104, LogLevel.Warning, "Driver {DeviceId} built a {Kind} the hub would refuse ({Reason}: {Detail}); not sent")]
    public static partial void InvalidReading(ILogger logger, string deviceId, string kind, string reason, string detail);

    [LoggerMessage(4105, LogLevel.Warning, "Reading for unknown device {DeviceId} ignored")]
    public static partial void UnknownDevice(ILogger logger, string deviceId);

    [LoggerMessage(4106, LogLevel.Information, "Command {CommandId} ({Action}) for {DeviceId}: ok={Ok} {Error}")]
    public static partial void CommandDone(ILogger logger, string commandId, string action, string deviceId, bool ok, string? error);

    [LoggerMessage(4107, LogLevel.Warning, "Undecodable command on {Topic}: {Detail}")]
    public static partial void BadCommand(ILogger logger, string topic, string detail);

    [LoggerMessage(4108, LogLevel.Error, "Driver of {DeviceId} stopped with an error")]
    public static partial void DriverFailed(ILogger logger, string deviceId, Exception exception);

    [LoggerMessage(4109, LogLevel.Warning, "The queue repaired {Bytes} byte(s) of a torn or corrupt segment tail left by an unclean stop")]
    public static partial void QueueRepaired(ILogger logger, long bytes);

    [LoggerMessage(4110, LogLevel.Warning, "Could not send the cmd-ack of {CommandId}: {Reason}")]
    public static partial void AckNotSent(ILogger logger, string commandId, string reason);

    [LoggerMessage(4111, LogLevel.Information, "Agent {AgentId} started: {Devices} device(s), queue holds {Queued} message(s)")]
    public static partial void Started(ILogger logger, string agentId, int devices, long queued);

    [LoggerMessage(4112, LogLevel.Warning, "Could not say goodbye to the broker (offline status and DISCONNECT): {Reason}; the Last Will stands in")]
    public static partial void GoodbyeFailed(ILogger logger, string reason);

    [LoggerMessage(4113, LogLevel.Error, "Could not write a message for {Topic} to the disk queue; it is lost")]
    public static partial void QueueWriteFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(4114, LogLevel.Warning, "{File} in the data directory was unreadable: {Consequence}")]
    public static partial void StateFileUnreadable(ILogger logger, string file, string consequence);
}
