namespace Iot.Hub.Alerts.Internal;

/// <summary>Source-generated log messages of the alerts feature. Event ids 1400-1499.</summary>
internal static partial class AlertsLog
{
    [LoggerMessage(1400, LogLevel.Information, "Alert {DeliveryId} ({Event} of ticket {TicketId}) sent by {Channel} to {Target} at attempt {Attempt}")]
    public static partial void Sent(ILogger logger, string deliveryId, string @event, long ticketId, string channel, string target, int attempt);

    [LoggerMessage(1401, LogLevel.Warning, "Alert {DeliveryId} by {Channel} to {Target} failed at attempt {Attempt}, next try in {DelayMs} ms: {Error}")]
    public static partial void Failed(ILogger logger, string deliveryId, string channel, string target, int attempt, long delayMs, string error);

    [LoggerMessage(1402, LogLevel.Warning, "Alert {DeliveryId} by {Channel} to {Target} is dead after {Attempt} attempts: {Error}")]
    public static partial void Dead(ILogger logger, string deliveryId, string channel, string target, int attempt, string error);

    [LoggerMessage(1403, LogLevel.Error, "Handling the change {Kind} of ticket {TicketId} for alerts failed")]
    public static partial void ChangeFailed(ILogger logger, string kind, long ticketId, Exception exception);

    [LoggerMessage(1404, LogLevel.Error, "Alert dispatch loop failed; it resumes shortly")]
    public static partial void DispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(1405, LogLevel.Information, "Alerts: re-planned reminders of {Tickets} unresolved tickets at start ({Fired} overdue steps fired now)")]
    public static partial void Replanned(ILogger logger, int tickets, int fired);

    [LoggerMessage(1407, LogLevel.Error, "Alert step {Step} of ticket {TicketId} failed")]
    public static partial void StepFailed(ILogger logger, string step, long ticketId, Exception exception);

    [LoggerMessage(1408, LogLevel.Warning, "Writing the alert log of ticket {TicketId} to its audit trail failed: {Error}")]
    public static partial void AuditFailed(ILogger logger, long ticketId, string error);

    [LoggerMessage(1409, LogLevel.Information, "Alert step {Step} of ticket {TicketId} fired: {Deliveries} deliveries queued")]
    public static partial void StepFired(ILogger logger, string step, long ticketId, int deliveries);
}
