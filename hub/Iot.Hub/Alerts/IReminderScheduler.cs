namespace Iot.Hub.Alerts;

/// <summary>
/// Fires <see cref="AlertService.FireStepAsync"/> at computed instants. Production: Quartz.NET one-shot triggers
/// (<see cref="Internal.QuartzReminderScheduler"/>); tests: <c>Iot.Testing.Hosting.TimerReminderScheduler</c> on a fake clock.
/// </summary>
public interface IReminderScheduler
{
    Task ScheduleAsync(long ticketId, ReminderStep step, CancellationToken cancellationToken);

    /// <summary>Cancels every pending step of the ticket.</summary>
    Task CancelAsync(long ticketId, CancellationToken cancellationToken);
}
