using Quartz;

namespace Iot.Hub.Alerts.Internal;

/// <summary>The Quartz job of one reminder or escalation step.</summary>
internal sealed class AlertReminderJob(AlertService alerts) : IJob
{
    public const string TicketKey = "ticketId";
    public const string StepKey = "step";
    public const string DueKey = "dueAt";

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.MergedJobDataMap;
        var step = new ReminderStep(data.GetString(StepKey)!, data.GetLong(DueKey));
        return new ValueTask(alerts.FireStepAsync(data.GetLong(TicketKey), step, cancellationToken));
    }
}
