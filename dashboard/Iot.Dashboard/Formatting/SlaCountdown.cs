using Iot.Dashboard.Tickets;

namespace Iot.Dashboard.Formatting;

/// <summary>Which deadline a ticket's SLA clock runs against now.</summary>
public enum SlaDeadline
{
    /// <summary>Resolved, closed, or no SLA term for the severity: no clock.</summary>
    None,
    Acknowledge,
    Repair,
}

/// <summary>The SLA clock of a ticket at one instant: the deadline it runs against, and the time left (negative when overdue).</summary>
public readonly record struct SlaCountdown(SlaDeadline Deadline, TimeSpan Left)
{
    public bool Overdue => Deadline != SlaDeadline.None && Left < TimeSpan.Zero;

    public static SlaCountdown Of(TicketRow ticket, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return ticket.State switch
        {
            TicketState.Open when ticket.AckDueAt is { } ack => new(SlaDeadline.Acknowledge, ack - now),
            TicketState.Open or TicketState.Acknowledged when ticket.RepairDueAt is { } repair => new(SlaDeadline.Repair, repair - now),
            _ => new(SlaDeadline.None, TimeSpan.Zero),
        };
    }

    /// <summary>
    /// A duration as the page shows it, coarse enough to read at a glance: days and hours past a day, hours and minutes
    /// past an hour, else minutes (under a minute counts as one). The formats come from resources (<c>SpanDays</c>,
    /// <c>SpanHours</c>, <c>SpanMinutes</c>) and take the numbers as arguments.
    /// </summary>
    public static string FormatSpan(TimeSpan span, Func<string, object[], string> format)
    {
        ArgumentNullException.ThrowIfNull(format);
        span = span.Duration();
        var minutes = Math.Max(1, (long)Math.Ceiling(span.TotalMinutes));
        return minutes switch
        {
            >= 1440 => format("SpanDays", [minutes / 1440, minutes % 1440 / 60]),
            >= 60 => format("SpanHours", [minutes / 60, minutes % 60]),
            _ => format("SpanMinutes", [minutes]),
        };
    }
}
