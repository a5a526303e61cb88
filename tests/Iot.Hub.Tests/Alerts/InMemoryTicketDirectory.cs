using System.Collections.Concurrent;
using Iot.Hub.Tickets;

namespace Iot.Hub.Tests.Alerts;

/// <summary>A ticket directory in memory (the ticket service is another feature): tickets by id and their audit lines.</summary>
internal sealed class InMemoryTicketDirectory : ITicketDirectory
{
    private readonly ConcurrentDictionary<long, Ticket> _tickets = new();
    private readonly ConcurrentQueue<(long TicketId, string Actor, string Action, string? Detail)> _audit = new();

    public IReadOnlyList<(long TicketId, string Actor, string Action, string? Detail)> Audit => [.. _audit];

    public void Put(Ticket ticket) => _tickets[ticket.Id] = ticket;

    public Task<Ticket?> FindAsync(long id, CancellationToken cancellationToken) => Task.FromResult(_tickets.GetValueOrDefault(id));

    public Task<IReadOnlyList<Ticket>> ListUnresolvedAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Ticket>>([.. _tickets.Values.Where(t => t.Status is TicketStatus.Open or TicketStatus.Acknowledged).OrderBy(t => t.OpenedAt)]);

    public Task AppendAuditAsync(long ticketId, string actor, string action, string? detail, CancellationToken cancellationToken)
    {
        _audit.Enqueue((ticketId, actor, action, detail));
        return Task.CompletedTask;
    }
}
