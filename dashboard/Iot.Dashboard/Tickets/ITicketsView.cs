using Iot.Access;

namespace Iot.Dashboard.Tickets;

/// <summary>
/// Tickets as the dashboard reads and works them. The hub implements this in-process over its ticket service; every
/// member filters on the server by <see cref="Viewer"/>: an operator sees and acts on its own tickets only, and another
/// operator's ticket is answered as not found.
/// </summary>
public interface ITicketsView
{
    /// <summary>One page of the tickets matching <paramref name="filter"/>, newest first.</summary>
    Task<TicketPage> QueryAsync(Viewer viewer, TicketFilter filter, CancellationToken cancellationToken);

    /// <summary>The ticket with its timeline and children; null when unknown or not visible to <paramref name="viewer"/>.</summary>
    Task<TicketDetail?> FindAsync(Viewer viewer, long id, CancellationToken cancellationToken);

    /// <summary>The unresolved tickets about one asset (as device or as group), newest first.</summary>
    Task<IReadOnlyList<TicketRow>> OpenOnAssetAsync(Viewer viewer, string assetId, CancellationToken cancellationToken);

    Task<TicketActionResult> AcknowledgeAsync(Viewer viewer, long id, CancellationToken cancellationToken);

    /// <summary>Resolves with a note saying what was done (required).</summary>
    Task<TicketActionResult> ResolveAsync(Viewer viewer, long id, string note, CancellationToken cancellationToken);

    Task<TicketActionResult> CommentAsync(Viewer viewer, long id, string text, CancellationToken cancellationToken);

    Task<TicketActionResult> CloseAsync(Viewer viewer, long id, string? note, CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="changed"/> with the ticket's id after each committed change of any ticket (on the hub's
    /// thread: queue the work, do not block). Dispose the result to stop.
    /// </summary>
    IDisposable Subscribe(Action<long> changed);
}
