using System.Collections.Concurrent;
using Iot.Hub.Tickets;

namespace Iot.Hub.Dashboard;

/// <summary>
/// Which assets have an unresolved ticket, kept in memory for the live map: loaded once at start, then kept current as an
/// <see cref="ITicketObserver"/>. A ticket marks its device, or its group (a cabinet, an agent) when it has no device.
/// </summary>
internal sealed partial class TicketMarks(TicketService directory, ILogger<TicketMarks> logger) : ITicketObserver, IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loading = Task.CompletedTask;
    private readonly Lock _lock = new();
    private readonly Dictionary<long, string> _unresolved = [];
    private readonly HashSet<long> _seenLive = [];
    private readonly ConcurrentDictionary<string, int> _perAsset = new(StringComparer.Ordinal);

    /// <summary>Unresolved tickets on the asset.</summary>
    public int OpenOn(string assetId) => _perAsset.GetValueOrDefault(assetId);

    public void OnTicketChanged(TicketChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_lock)
        {
            _seenLive.Add(change.Ticket.Id);
            Apply(change.Ticket);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loading = LoadAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loading.WaitAsync(cancellationToken);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            // After the ticket service has loaded: the database is migrated by then, and the list is current.
            await directory.Loaded.WaitAsync(cancellationToken);
            var tickets = await directory.ListUnresolvedAsync(cancellationToken);
            lock (_lock)
            {
                foreach (var ticket in tickets)
                {
                    // A change told while the list was read is newer than the list.
                    if (!_seenLive.Contains(ticket.Id))
                    {
                        Apply(ticket);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The hub stopped before the tickets were loaded.
        }
        catch (Exception ex)
        {
            LoadFailed(logger, ex);
        }
    }

    private void Apply(Ticket ticket)
    {
        var assetId = ticket.DeviceId ?? ticket.GroupId;
        // A low-severity ticket is a service request (a bin to collect, a battery to change), not a fault of the asset:
        // the asset's own readings decide whether it shows a warning.
        var unresolved = ticket.Status is TicketStatus.Open or TicketStatus.Acknowledged && ticket.Severity != Iot.City.SlaSeverities.Low;
        if (_unresolved.Remove(ticket.Id, out var previous))
        {
            _perAsset.AddOrUpdate(previous, 0, static (_, n) => n - 1);
        }

        if (unresolved && assetId is not null)
        {
            _unresolved[ticket.Id] = assetId;
            _perAsset.AddOrUpdate(assetId, 1, static (_, n) => n + 1);
        }
    }

    [LoggerMessage(1900, LogLevel.Warning, "Dashboard: the unresolved tickets could not be read at start; the map shows only tickets changed from now on")]
    private static partial void LoadFailed(ILogger logger, Exception exception);
}
