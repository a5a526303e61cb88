namespace Iot.Hub.Tickets;

/// <summary>Read access to tickets and their audit trail for the other features (alerts, dashboard).</summary>
public interface ITicketDirectory
{
    Task<Ticket?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>Tickets not yet resolved (open or acknowledged), oldest first.</summary>
    Task<IReadOnlyList<Ticket>> ListUnresolvedAsync(CancellationToken cancellationToken);

    /// <summary>Adds a line to a ticket's audit trail (for example a notification sent, an escalation).</summary>
    Task AppendAuditAsync(long ticketId, string actor, string action, string? detail, CancellationToken cancellationToken);
}
