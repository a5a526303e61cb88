namespace Iot.Hub.Tickets;

/// <summary>What happened to a ticket, as its observers (alerts, the live dashboard) are told.</summary>
public enum TicketChangeKind
{
    Opened,
    Reopened,
    Acknowledged,
    Resolved,
    Closed,
    Commented,
    Linked,
}

/// <param name="Ticket">The ticket after the change.</param>
/// <param name="Actor">Who made it: <c>system</c> for rules, a user name, or <c>api</c>.</param>
public sealed record TicketChange(Ticket Ticket, TicketChangeKind Kind, string Actor, long AtMs, string? Note = null);

/// <summary>
/// Told of every committed ticket change, in order, after it is persisted. Must not block: queue the work.
/// </summary>
public interface ITicketObserver
{
    void OnTicketChanged(TicketChange change);
}
