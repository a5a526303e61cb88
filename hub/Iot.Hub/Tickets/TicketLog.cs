namespace Iot.Hub.Tickets;

internal static partial class TicketLog
{
    [LoggerMessage(1300, LogLevel.Information, "Ticket #{Id} opened for {DedupKey}, operator {OperatorId}")]
    public static partial void Opened(ILogger logger, long id, string dedupKey, string operatorId);

    [LoggerMessage(1301, LogLevel.Information, "Ticket #{Id} {Action} by {Actor}")]
    public static partial void Changed(ILogger logger, long id, string action, string actor);

    [LoggerMessage(1302, LogLevel.Warning, "Ticket #{Id} for {DedupKey}: no contract of commune {CommuneId} covers the place; it waits in the commune's queue")]
    public static partial void Unrouted(ILogger logger, long id, string dedupKey, string communeId);

    [LoggerMessage(1303, LogLevel.Information, "Tickets loaded: {Unresolved} unresolved, {HoldDowns} hold-downs resumed")]
    public static partial void Loaded(ILogger logger, int unresolved, int holdDowns);

    [LoggerMessage(1304, LogLevel.Error, "A ticket change failed")]
    public static partial void WorkFailed(ILogger logger, Exception exception);

    [LoggerMessage(1305, LogLevel.Error, "Ticket observer {Observer} failed on ticket #{Id}")]
    public static partial void ObserverFailed(ILogger logger, string observer, long id, Exception exception);

    [LoggerMessage(1306, LogLevel.Warning, "A problem signal arrived after the ticket service stopped; it was dropped")]
    public static partial void Stopped(ILogger logger);
}
