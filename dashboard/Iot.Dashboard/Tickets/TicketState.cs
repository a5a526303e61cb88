namespace Iot.Dashboard.Tickets;

/// <summary>Where a ticket stands: open → acknowledged → resolved → closed (a re-open goes back to open).</summary>
public enum TicketState
{
    Open,
    Acknowledged,
    Resolved,
    Closed,
}
