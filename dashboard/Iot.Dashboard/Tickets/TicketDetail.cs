namespace Iot.Dashboard.Tickets;

/// <summary>A line of a ticket's timeline, from its audit trail: who did what, when (UTC).</summary>
public sealed record TicketTimelineEntry(DateTimeOffset At, string Actor, string Action, string? Detail);

/// <summary>A ticket with its timeline (oldest first) and the child tickets it covers.</summary>
public sealed record TicketDetail(TicketRow Ticket, IReadOnlyList<TicketTimelineEntry> Timeline, IReadOnlyList<TicketRow> Children);
