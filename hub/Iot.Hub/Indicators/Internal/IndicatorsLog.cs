namespace Iot.Hub.Indicators.Internal;

/// <summary>Log messages of the indicators (event ids 1700–1799).</summary>
internal static partial class IndicatorsLog
{
    [LoggerMessage(1700, LogLevel.Error, "The state recorder failed on a change")]
    public static partial void RecorderFailed(ILogger logger, Exception exception);

    [LoggerMessage(1701, LogLevel.Error, "Writing {Count} state changes failed; they are lost")]
    public static partial void WriteFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(1702, LogLevel.Information, "Indicators rolled up for {CommuneId} on {Day} ({Groups} groups)")]
    public static partial void RolledUp(ILogger logger, string communeId, string day, int groups);

    [LoggerMessage(1703, LogLevel.Error, "Rolling up indicators for {CommuneId} failed")]
    public static partial void RollupFailed(ILogger logger, string communeId, Exception exception);

    [LoggerMessage(1704, LogLevel.Information, "Monthly report {Scope} {Id} {Month} written to {Path}")]
    public static partial void ReportWritten(ILogger logger, string scope, string id, string month, string path);

    [LoggerMessage(1705, LogLevel.Error, "The monthly reports of {Month} failed")]
    public static partial void ReportsFailed(ILogger logger, string month, Exception exception);
}
