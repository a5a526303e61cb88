using Quartz;

namespace Iot.Hub.Alerts.Internal;

/// <summary>
/// One Quartz.NET one-shot trigger per step, firing <see cref="AlertReminderJob"/> at the instant <see cref="ReminderPlan"/>
/// computed. Quartz only fires; whether a step is still due is decided on the hub's clock by <see cref="AlertService"/>.
/// The job store is in memory: at start the hub re-plans unresolved tickets and skips steps already fired.
/// </summary>
internal sealed class QuartzReminderScheduler(ISchedulerFactory factory) : IReminderScheduler
{
    public const string Group = "alerts";

    public async Task ScheduleAsync(long ticketId, ReminderStep step, CancellationToken cancellationToken)
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

    public async Task CancelAsync(long ticketId, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        foreach (var step in (string[])[AlertEvents.Reminder50, AlertEvents.Reminder100, AlertEvents.AckBreach, AlertEvents.RepairBreach])
        {
            await scheduler.DeleteJob(new JobKey($"{ticketId}:{step}", Group), cancellationToken);
        }
    }
}
