using Iot.Access;
using Iot.Dashboard.Tickets;
using Iot.Hub.Tickets;

namespace Iot.Hub.Dashboard;

/// <summary>
/// The dashboard's tickets, in-process over the ticket store (reads) and the ticket service (actions, by the viewer's
/// name). Scoped on the server: an operator viewer's queries are forced to its own operator id, and a ticket of another
/// operator is answered as not found. Subscribers are told of every committed change as an <see cref="ITicketObserver"/>.
/// </summary>
internal sealed class HubTicketsView(TicketStore store, TicketService service) : ITicketsView, ITicketObserver
{
    public const int MaxPageSize = TicketsEndpoints.MaxPageSize;

    private readonly Lock _lock = new();
    private Action<long>[] _subscribers = [];

    public async Task<TicketPage> QueryAsync(Viewer viewer, TicketFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(filter);
        if (!HubAccess.MayFilterByOperator(viewer, filter.OperatorId))
        {
            return new TicketPage([], 0);
        }

        var operatorId = HubAccess.OperatorFilter(viewer, filter.OperatorId);

        var query = new TicketQuery(
            Status: filter.State is { } state ? ToStatus(state) : null,
            Service: filter.Service,
            OperatorId: operatorId,
            Severity: filter.Severity,
            DistrictId: filter.DistrictId,
            Page: Math.Max(1, filter.Page),
            PageSize: Math.Clamp(filter.PageSize, 1, MaxPageSize));
        var (items, total) = await store.QueryAsync(query, cancellationToken);
        return new TicketPage([.. items.Select(ToRow)], total);
    }

    public async Task<TicketDetail?> FindAsync(Viewer viewer, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var ticket = await store.FindAsync(id, cancellationToken);
        if (ticket is null || !HubAccess.MaySeeTicket(viewer, ticket.OperatorId))
        {
            return null;
        }

        var audit = await store.AuditAsync(id, cancellationToken);
        var children = await store.ChildrenAsync(id, cancellationToken);
        return new TicketDetail(
            ToRow(ticket),
            [.. audit.Select(a => new TicketTimelineEntry(DateTimeOffset.FromUnixTimeMilliseconds(a.AtMs), a.Actor, a.Action, a.Detail))],
            [.. children.Where(c => HubAccess.MaySeeTicket(viewer, c.OperatorId)).Select(ToRow)]);
    }

    public async Task<IReadOnlyList<TicketRow>> OpenOnAssetAsync(Viewer viewer, string assetId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var unresolved = await store.ListUnresolvedAsync(cancellationToken);
        return [.. unresolved
            .Where(t => (t.DeviceId ?? t.GroupId) == assetId && HubAccess.MaySeeTicket(viewer, t.OperatorId))
            .OrderByDescending(t => t.OpenedAt)
            .Select(ToRow)];
    }

    public Task<TicketActionResult> AcknowledgeAsync(Viewer viewer, long id, CancellationToken cancellationToken) =>
        ActAsync(viewer, id, () => service.AcknowledgeAsync(id, viewer.Name, cancellationToken), cancellationToken);

    public Task<TicketActionResult> ResolveAsync(Viewer viewer, long id, string note, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(note)
            ? Task.FromResult(new TicketActionResult(TicketActionOutcome.Invalid, "note is required to resolve a ticket: say what was done."))
            : ActAsync(viewer, id, () => service.ResolveAsync(id, viewer.Name, note.Trim(), cancellationToken), cancellationToken);

    public Task<TicketActionResult> CommentAsync(Viewer viewer, long id, string text, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(text)
            ? Task.FromResult(new TicketActionResult(TicketActionOutcome.Invalid, "text is required."))
            : ActAsync(viewer, id, () => service.CommentAsync(id, viewer.Name, text.Trim(), cancellationToken), cancellationToken);

    public Task<TicketActionResult> CloseAsync(Viewer viewer, long id, string? note, CancellationToken cancellationToken) =>
        ActAsync(viewer, id, () => service.CloseAsync(id, viewer.Name, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), cancellationToken), cancellationToken);

    public IDisposable Subscribe(Action<long> changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        lock (_lock)
        {
            _subscribers = [.. _subscribers, changed];
        }

        return new Subscription(this, changed);
    }

    void ITicketObserver.OnTicketChanged(TicketChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber(change.Ticket.Id);
        }
    }

    private async Task<TicketActionResult> ActAsync(Viewer viewer, long id, Func<Task<Ticket>> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var ticket = await store.FindAsync(id, cancellationToken);
        if (ticket is null || !HubAccess.MaySeeTicket(viewer, ticket.OperatorId))
        {
            return new TicketActionResult(TicketActionOutcome.NotFound, $"No ticket {id}.");
        }

        if (!HubAccess.MayActOnTickets(viewer))
        {
            return new TicketActionResult(TicketActionOutcome.Forbidden, $"A {viewer.Role} may not act on tickets.");
        }

        try
        {
            await action();
            return TicketActionResult.Done;
        }
        catch (TicketNotFoundException ex)
        {
            return new TicketActionResult(TicketActionOutcome.NotFound, ex.Message);
        }
        catch (TicketConflictException ex)
        {
            return new TicketActionResult(TicketActionOutcome.Conflict, ex.Message);
        }
    }

    private void Unsubscribe(Action<long> changed)
    {
        lock (_lock)
        {
            _subscribers = [.. _subscribers.Where(s => s != changed)];
        }
    }

    internal static TicketRow ToRow(Ticket t) => new(
        t.Id, ToState(t.Status), t.Rule, t.Severity, t.Service, t.DeviceId ?? t.GroupId, t.CommuneId, t.DistrictId, t.Summary,
        t.OperatorId, t.ParentId, Time(t.OpenedAt), Time(t.AcknowledgedAt), Time(t.ResolvedAt), Time(t.AckDueAt),
        Time(t.RepairDueAt), t.Resolution);

    private static TicketState ToState(TicketStatus status) => status switch
    {
        TicketStatus.Open => TicketState.Open,
        TicketStatus.Acknowledged => TicketState.Acknowledged,
        TicketStatus.Resolved => TicketState.Resolved,
        _ => TicketState.Closed,
    };

    private static TicketStatus ToStatus(TicketState state) => state switch
    {
        TicketState.Open => TicketStatus.Open,
        TicketState.Acknowledged => TicketStatus.Acknowledged,
        TicketState.Resolved => TicketStatus.Resolved,
        _ => TicketStatus.Closed,
    };

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

    private sealed class Subscription(HubTicketsView owner, Action<long> changed) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(changed);
            }
        }
    }
}
