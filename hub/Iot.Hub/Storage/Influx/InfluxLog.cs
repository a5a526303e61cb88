namespace Iot.Hub.Storage.Influx;

/// <summary>Source-generated log messages of the InfluxDB store. Event ids 1100-1199.</summary>
internal static partial class InfluxLog
{
    [LoggerMessage(1100, LogLevel.Warning, "InfluxDB at {Url} (Storage:Influx:Url) is not reachable at start ({Problem}); the hub starts anyway and keeps telemetry in {SpillDir} until InfluxDB answers")]
    public static partial void UnreachableAtStart(ILogger logger, Uri url, string problem, string spillDir);

    [LoggerMessage(1101, LogLevel.Information, "Created InfluxDB database {Database} with retention {Days} days (Storage:RetentionDays) on {Url}")]
    public static partial void DatabaseCreated(ILogger logger, string database, int days, Uri url);

    [LoggerMessage(1102, LogLevel.Warning, "InfluxDB keeps {Database} data per its retention policy {Policy} (duration {Duration}); Storage:RetentionDays={Days} is not applied to InfluxDB: change the policy to match")]
    public static partial void RetentionMismatch(ILogger logger, string database, string policy, string duration, int days);

    [LoggerMessage(1103, LogLevel.Warning, "InfluxDB is not taking writes ({Problem}); telemetry is kept in {SpillDir} (at most {MaxBytes} bytes) until it answers")]
    public static partial void SpillStarted(ILogger logger, string problem, string spillDir, long maxBytes);

    [LoggerMessage(1104, LogLevel.Information, "InfluxDB is taking writes again: the spill is replayed ({Lines} lines replayed since start)")]
    public static partial void SpillDrained(ILogger logger, long lines);

    [LoggerMessage(1105, LogLevel.Error, "InfluxDB refused {Lines} lines with {Answer}; they were moved to {File} and will not be retried")]
    public static partial void WriteRefused(ILogger logger, int lines, string answer, string file);

    [LoggerMessage(1106, LogLevel.Error, "InfluxDB refused the hub's credentials ({Answer}); check Storage:Influx:Username and Storage:Influx:Password. Telemetry is kept in the spill meanwhile")]
    public static partial void CredentialsRefused(ILogger logger, string answer);

    [LoggerMessage(1107, LogLevel.Warning, "Spill segment {File} ends with {Bytes} bytes of an incomplete line (an append cut short); they are skipped")]
    public static partial void TornSegment(ILogger logger, string file, int bytes);

    [LoggerMessage(1108, LogLevel.Information, "Found {Segments} spill segments ({Bytes} bytes) from an earlier run in {SpillDir}; they are replayed first")]
    public static partial void SpillFound(ILogger logger, int segments, long bytes, string spillDir);

    [LoggerMessage(1109, LogLevel.Error, "Replaying the InfluxDB spill failed; it will be tried again")]
    public static partial void ReplayFailed(ILogger logger, Exception exception);

    [LoggerMessage(1110, LogLevel.Error, "{Count} telemetry messages cannot be stored in InfluxDB (first: {Problem}); they were written to {File}")]
    public static partial void MessagesUnwritable(ILogger logger, int count, string problem, string file);

    [LoggerMessage(1111, LogLevel.Warning, "Preparing InfluxDB database {Database} failed: {Problem}")]
    public static partial void PrepareFailed(ILogger logger, string database, string problem);

    [LoggerMessage(1112, LogLevel.Debug, "InfluxDB write attempt {Attempt} failed ({Problem}); retrying")]
    public static partial void WriteRetry(ILogger logger, int attempt, string problem);

    [LoggerMessage(1113, LogLevel.Warning, "InfluxDB dropped {Count} points older than its retention policy keeps")]
    public static partial void PointsExpired(ILogger logger, int count);
}
