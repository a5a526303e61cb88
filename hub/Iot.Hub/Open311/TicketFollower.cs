using System.Threading.Channels;
using Iot.Hub.Tickets;

namespace Iot.Hub.Open311;

/// <summary>
/// Keeps each service request's status in line with its ticket: closed once the ticket is resolved or closed, open
/// again if it re-opens, with status notes and the repair deadline. Told of every ticket change (as an
/// <see cref="ITicketObserver"/>, which must not block) and applies them in order on its own loop; at start it catches
/// up with tickets that changed while the hub was down.
/// </summary>
public sealed class TicketFollower(ServiceRequestStore store, ITicketDirectory directory, TimeProvider time, ILogger<TicketFollower> logger)
    : BackgroundService, ITicketObserver
{
    private const long FlushMarker = -1;

    private readonly System.Collections.Concurrent.ConcurrentQueue<TaskCompletionSource> _flushes = new();
    private readonly Channel<(long TicketId, Ticket? Ticket, long AtMs)> _work =
        Channel.CreateUnbounded<(long, Ticket?, long)>(new UnboundedChannelOptions { SingleReader = true });

    public static bool IsClosed(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return ticket.Status is TicketStatus.Resolved or TicketStatus.Closed;
    }

    public static long? ClosedAt(Ticket ticket) => IsClosed(ticket) ? ticket.ResolvedAt ?? ticket.ClosedAt : null;

    /// <summary>What a citizen is told of the ticket's state. Technicians' own notes stay internal.</summary>
    public static string? StatusNotes(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return ticket.Status switch
        {
            TicketStatus.Open when ticket.Flaps > 0 => "The problem came back; it is being handled again.",
            TicketStatus.Open => ticket.Unrouted ? "Received; waiting for the commune to assign it." : "Received; sent to the operator in charge.",
            TicketStatus.Acknowledged => "The operator in charge has acknowledged the problem.",
            TicketStatus.Resolved when ticket.Resolution == "auto" => "Fixed: the equipment reports normal operation again.",
            TicketStatus.Resolved => "Fixed by the operator.",
            _ => "Fixed and closed.",
        };
    }

    public void OnTicketChanged(TicketChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        _work.Writer.TryWrite((change.Ticket.Id, change.Ticket, change.AtMs));
    }

    /// <summary>Reads the ticket again and applies it (after a request was stored against it).</summary>
    public void Sync(long ticketId) => _work.Writer.TryWrite((ticketId, null, time.GetUtcNow().ToUnixTimeMilliseconds()));

    /// <summary>Completes when everything queued before the call has been applied (tests).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _flushes.Enqueue(done);
        _work.Writer.TryWrite((FlushMarker, null, 0));
        await done.Task.WaitAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _work.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var ticketId in await store.TicketsOfOpenRequestsAsync(stoppingToken))
            {
                Sync(ticketId);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Open311Log.FollowFailed(logger, 0, ex);
        }

        // Drain what was queued before the stop: those are changes already made to tickets.
        await foreach (var (ticketId, snapshot, atMs) in _work.Reader.ReadAllAsync(CancellationToken.None))
        {
            if (ticketId == FlushMarker)
            {
                if (_flushes.TryDequeue(out var done))
                {
                    done.TrySetResult();
                }

                continue;
            }

            try
            {
                var ticket = snapshot ?? await directory.FindAsync(ticketId, CancellationToken.None);
                if (ticket is not null)
                {
                    await store.FollowTicketAsync(ticket.Id, IsClosed(ticket), ClosedAt(ticket), StatusNotes(ticket), ticket.RepairDueAt, atMs, CancellationToken.None);
                }
            }
            catch (Exception ex)
            {
                Open311Log.FollowFailed(logger, ticketId, ex);
            }
        }
    }
}
