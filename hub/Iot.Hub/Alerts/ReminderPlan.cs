using Iot.Hub.Tickets;

namespace Iot.Hub.Alerts;

/// <summary>
/// The deadline arithmetic of reminders and escalation, kept here (not in Quartz) so it runs on the hub's
/// <see cref="TimeProvider"/> and is tested with a fake clock: reminders at 50 % and 100 % of the acknowledge time,
/// escalation when the acknowledge deadline passes unacknowledged and when the repair deadline passes unresolved.
/// </summary>
public static class ReminderPlan
{
    /// <summary>The steps still meaningful for <paramref name="ticket"/> in its present state, earliest first.</summary>
    public static IReadOnlyList<ReminderStep> For(Ticket ticket, long graceMs)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var steps = new List<ReminderStep>(4);
        if (ticket.ParentId is not null)
        {
            return steps; // a child ticket rides on its parent's alerts
        }

        if (ticket.Status == TicketStatus.Open && ticket.AckDueAt is long ack)
        {
            if (ticket.OperatorId is not null)
            {
                steps.Add(new ReminderStep(AlertEvents.Reminder50, ticket.OpenedAt + ((ack - ticket.OpenedAt) / 2)));
                steps.Add(new ReminderStep(AlertEvents.Reminder100, ack));
            }

            steps.Add(new ReminderStep(AlertEvents.AckBreach, ack + graceMs));
        }

        if (ticket.Status is TicketStatus.Open or TicketStatus.Acknowledged && ticket.RepairDueAt is long repair)
        {
            steps.Add(new ReminderStep(AlertEvents.RepairBreach, repair + graceMs));
        }

        steps.Sort((a, b) => a.DueAt.CompareTo(b.DueAt));
        return steps;
    }

    /// <summary>Whether <paramref name="step"/> due at <paramref name="dueAt"/> should still fire for the ticket as it is now.</summary>
    public static bool StillApplies(Ticket ticket, string step, long dueAt, long graceMs) =>
        For(ticket, graceMs).Any(s => s.Step == step && s.DueAt == dueAt);
}
