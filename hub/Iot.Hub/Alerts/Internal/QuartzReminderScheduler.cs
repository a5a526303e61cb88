using Quartz;

namespace Iot.Hub.Alerts.Internal;

/// <summary>
/// One Quartz.NET one-shot trigger per step, firing <see cref="AlertReminderJob"/> at the instant <see cref="ReminderPlan"/>
/// computed. Quartz only fires; whether a step is still due is decided on the hub's clock by <see cref="AlertService"/>.
/// The job store is in memory: at start the hub re-plans unresolved tickets and skips steps already fired.
/// </summary>
/// While the hub stops, Quartz may already be shut down when the last ticket changes arrive: those are skipped, since the
/// next start re-plans from the unresolved tickets.
internal sealed class QuartzReminderScheduler(ISchedulerFactory factory, IHostApplicationLifetime lifetime) : IReminderScheduler
{
    public const string Group = "alerts";

    public async Task ScheduleAsync(long ticketId, ReminderStep step, CancellationToken cancellationToken)
    {
        try
        {
            await ScheduleCoreAsync(ticketId, step, cancellationToken);
        }
        catch (SchedulerException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Stopping: re-planned at the next start.
        }
    }

    public async Task CancelAsync(long ticketId, CancellationToken cancellationToken)
    {
        try
        {
            await CancelCoreAsync(ticketId, cancellationToken);
        }
        catch (SchedulerException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Stopping: the in-memory jobs go with the scheduler.
        }
    }

    private async Task ScheduleCoreAsync(long ticketId, ReminderStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        var scheduler = await factory.GetScheduler(cancellationToken);
        var key = new JobKey($"{ticketId}:{step.Step}", Group);
        var job = JobBuilder.Create<AlertReminderJob>()
            .WithIdentity(key)
            .UsingJobData(AlertReminderJob.TicketKey, ticketId)
            .UsingJobData(AlertReminderJob.StepKey, step.Step)
            .UsingJobData(AlertReminderJob.DueKey, step.DueAt)
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity($"{ticketId}:{step.Step}", Group)
            .StartAt(DateTimeOffset.FromUnixTimeMilliseconds(step.DueAt))
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    private async Task CancelCoreAsync(long ticketId, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        foreach (var step in (string[])[AlertEvents.Reminder50, AlertEvents.Reminder100, AlertEvents.AckBreach, AlertEvents.RepairBreach])
        {
            await scheduler.DeleteJob(new JobKey($"{ticketId}:{step}", Group), cancellationToken);
        }
    }
}
