namespace Iot.Hub.Detection;

/// <summary>Source-generated log messages of the outage rules. Event ids 1200-1299.</summary>
internal static partial class DetectionLog
{
    [LoggerMessage(1201, LogLevel.Information, "Outage rules started: {Devices} devices, {Agents} agents, {Routes} routes")]
    public static partial void Started(ILogger logger, int devices, int agents, int routes);

    [LoggerMessage(1202, LogLevel.Debug, "Problem {DedupKey} raised as of {AtMs} (parent {ParentKey})")]
    public static partial void Raised(ILogger logger, string dedupKey, long atMs, string parentKey);

    [LoggerMessage(1203, LogLevel.Debug, "Problem {DedupKey} cleared as of {AtMs}")]
    public static partial void Cleared(ILogger logger, string dedupKey, long atMs);

    [LoggerMessage(1204, LogLevel.Error, "The outage rules failed on {Work}")]
    public static partial void WorkFailed(ILogger logger, string work, Exception exception);

    [LoggerMessage(1205, LogLevel.Information, "Outage rules are off (Detection:Enabled=false)")]
    public static partial void Disabled(ILogger logger);
}
