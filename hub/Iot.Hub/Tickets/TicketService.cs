using System.Threading.Channels;
using Iot.City;
using Iot.Contracts;
using Iot.Hub.Devices;
using Iot.Hub.Internal;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Tickets;

/// <summary>
/// Turns the rules' problem signals into tickets: one unresolved ticket per dedup key, routed to the operator of the
/// contract covering the place, auto-resolved after the condition stayed clear for the hold-down, re-opened (a flap)
/// when it comes back within the flap window, children linked to their group's ticket. Every change is persisted with
/// an audit line, then told to the <see cref="ITicketObserver"/>s.
/// All changes run on one loop, so <see cref="Raise"/> and <see cref="Clear"/> never block their callers. Hold-downs are
/// timers on the injected <see cref="TimeProvider"/>; after a restart they resume at their original end.
/// </summary>
public sealed class TicketService : BackgroundService, IProblemSink, ITicketDirectory
{
    private const string System = "system";
    private static readonly long LastSeenPersistMs = (long)TimeSpan.FromMinutes(1).TotalMilliseconds;

    private readonly Channel<Func<Task>> _work = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, Entry> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<long, Entry> _byId = [];
    private readonly TicketStore _store;
    private readonly TicketRouter _router;
    private readonly DeviceRegistry _registry;
    private readonly TimeProvider _time;
    private readonly TicketOptions _options;
    private readonly ObserverList<ITicketObserver> _observers; // listed in HubFlow
    private readonly ILogger<TicketService> _logger;
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TicketService(
        TicketStore store, TicketRouter router, DeviceRegistry registry, TimeProvider time, IOptions<TicketOptions> options,
        ObserverList<ITicketObserver> observers, ILogger<TicketService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _router = router;
        _registry = registry;
        _time = time;
        _options = options.Value;
        _observers = observers;
        _logger = logger;
    }

    /// <summary>Completes when the unresolved tickets have been loaded at start.</summary>
    public Task Loaded => _loaded.Task;

    public void Raise(ProblemSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        Post(() => RaiseAsync(signal));
    }

    public void Clear(string dedupKey, long atMs) => Post(() => ClearAsync(dedupKey, atMs));

    public Task<Ticket> AcknowledgeAsync(long id, string actor, CancellationToken cancellationToken) =>
        Call(() => TransitionAsync(id, actor, TicketChangeKind.Acknowledged, null), cancellationToken);

    public Task<Ticket> ResolveAsync(long id, string actor, string note, CancellationToken cancellationToken) =>
        Call(() => TransitionAsync(id, actor, TicketChangeKind.Resolved, note), cancellationToken);

    public Task<Ticket> CloseAsync(long id, string actor, string? note, CancellationToken cancellationToken) =>
        Call(() => TransitionAsync(id, actor, TicketChangeKind.Closed, note), cancellationToken);

    public Task<Ticket> CommentAsync(long id, string actor, string text, CancellationToken cancellationToken) =>
        Call(() => CommentCoreAsync(id, actor, text), cancellationToken);

    public Task<Ticket> OpenManualAsync(ManualTicket request, string actor, CancellationToken cancellationToken)
    {
        var signal = ToSignal(request);
        return Call(() => OpenManualCoreAsync(signal, actor), cancellationToken);
    }

    /// <summary>Completes when everything posted before the call has been applied (tests, orderly shutdown).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            done.TrySetResult();
            return Task.CompletedTask;
        });
        await done.Task.WaitAsync(cancellationToken);
    }

    public Task<Ticket?> FindAsync(long id, CancellationToken cancellationToken) => _store.FindAsync(id, cancellationToken);

    public Task<IReadOnlyList<Ticket>> ListUnresolvedAsync(CancellationToken cancellationToken) => _store.ListUnresolvedAsync(cancellationToken);

    public Task AppendAuditAsync(long ticketId, string actor, string action, string? detail, CancellationToken cancellationToken) =>
        _store.AppendAuditAsync(ticketId, NowMs(), actor, action, detail, cancellationToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _work.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        foreach (var entry in _byKey.Values)
        {
            entry.HoldDown?.Dispose();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await LoadAsync(stoppingToken);
            _loaded.TrySetResult();
        }
        catch (Exception ex)
        {
            _loaded.TrySetException(ex);
            throw;
        }

        // Drain what was queued before the stop: those are problems the rules saw.
        await foreach (var work in _work.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await work();
            }
            catch (Exception ex)
            {
                TicketLog.WorkFailed(_logger, ex);
            }
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var since = NowMs() - ((long)_options.FlapWindowSeconds * 1000);
        var rows = await _store.LoadLiveAsync(since, cancellationToken);
        foreach (var (ticket, clearSince) in rows)
        {
            var entry = Track(ticket);
            entry.LastPersistedSeen = ticket.LastSeenAt;
            if (clearSince is { } since2 && ticket.Status is TicketStatus.Open or TicketStatus.Acknowledged)
            {
                StartHoldDown(entry, since2);
            }
        }

        TicketLog.Loaded(_logger, rows.Count(r => r.Ticket.Status is TicketStatus.Open or TicketStatus.Acknowledged), rows.Count(r => r.ClearSinceMs is not null));
    }

    private async Task RaiseAsync(ProblemSignal signal)
    {
        var parent = signal.ParentKey is { } parentKey && _byKey.TryGetValue(parentKey, out var p) && IsUnresolved(p.Ticket) ? p.Ticket : null;
        if (_byKey.TryGetValue(signal.DedupKey, out var entry))
        {
            var ticket = entry.Ticket;
            if (IsUnresolved(ticket))
            {
                var changed = false;
                if (entry.ClearSince is not null)
                {
                    StopHoldDown(entry);
                    changed = true;
                }

                entry.Ticket = ticket = ticket with { LastSeenAt = Math.Max(ticket.LastSeenAt, signal.AtMs) };
                if (parent is not null && ticket.ParentId != parent.Id && parent.Id != ticket.Id)
                {
                    entry.Ticket = ticket = ticket with { ParentId = parent.Id };
                    await SaveAsync(entry, System, "linked", $"covered by #{parent.Id} ({parent.Rule})", TicketChangeKind.Linked, signal.AtMs);
                    return;
                }

                if (changed || ticket.LastSeenAt - entry.LastPersistedSeen >= LastSeenPersistMs)
                {
                    await _store.UpdateAsync(ticket, entry.ClearSince, CancellationToken.None);
                    entry.LastPersistedSeen = ticket.LastSeenAt;
                }

                return;
            }

            if (ticket.Status == TicketStatus.Resolved && ticket.ResolvedAt is { } resolvedAt
                && signal.AtMs - resolvedAt <= (long)_options.FlapWindowSeconds * 1000)
            {
                var route = _router.Route(ticket.CommuneId, ticket.Service, ticket.Longitude, ticket.Latitude, ticket.Severity, signal.AtMs);
                entry.Ticket = ticket with
                {
                    Status = TicketStatus.Open,
                    AcknowledgedAt = null,
                    ResolvedAt = null,
                    Resolution = null,
                    Flaps = ticket.Flaps + 1,
                    LastSeenAt = signal.AtMs,
                    AckDueAt = route.AckDueAt,
                    RepairDueAt = route.RepairDueAt,
                    ParentId = parent?.Id ?? ticket.ParentId,
                };
                await SaveAsync(entry, System, "reopened", $"the problem came back {(signal.AtMs - resolvedAt) / 1000} s after it was resolved (flap {ticket.Flaps + 1})", TicketChangeKind.Reopened, signal.AtMs);
                return;
            }

            Forget(entry);
        }

        await OpenAsync(signal, parent, System);
    }

    private async Task<Ticket> OpenAsync(ProblemSignal signal, Ticket? parent, string actor)
    {
        var route = _router.Route(signal.CommuneId, signal.Service, signal.Longitude, signal.Latitude, signal.Severity, signal.AtMs);
        var ticket = new Ticket(
            Id: 0, DedupKey: signal.DedupKey, Status: TicketStatus.Open, Rule: signal.Rule, Severity: signal.Severity,
            Service: signal.Service, DeviceId: signal.DeviceId, GroupId: signal.GroupId, CommuneId: signal.CommuneId,
            DistrictId: route.DistrictId ?? (signal.DeviceId is { } d ? _registry.FindDevice(d)?.District : null),
            Longitude: signal.Longitude, Latitude: signal.Latitude, Summary: signal.Summary, OperatorId: route.OperatorId,
            ContractId: route.ContractId, Unrouted: route.Unrouted, ParentId: parent?.Id, OpenedAt: signal.AtMs,
            AcknowledgedAt: null, ResolvedAt: null, ClosedAt: null, AckDueAt: route.AckDueAt, RepairDueAt: route.RepairDueAt,
            Resolution: null, Flaps: 0, LastSeenAt: signal.AtMs);
        var id = await _store.InsertAsync(ticket, null, CancellationToken.None);
        var entry = Track(ticket with { Id = id });
        entry.LastPersistedSeen = signal.AtMs;
        var routing = route.Unrouted ? "no contract covers the place: commune queue" : $"routed to {route.OperatorId} ({route.ContractId})";
        var detail = parent is null ? $"{signal.Summary}; {routing}" : $"{signal.Summary}; {routing}; covered by #{parent.Id} ({parent.Rule})";
        await _store.AppendAuditAsync(id, signal.AtMs, actor, "opened", detail, CancellationToken.None);
        if (route.Unrouted)
        {
            TicketLog.Unrouted(_logger, id, signal.DedupKey, signal.CommuneId);
        }

        TicketLog.Opened(_logger, id, signal.DedupKey, route.OperatorId ?? "-");
        Notify(new TicketChange(entry.Ticket, parent is null ? TicketChangeKind.Opened : TicketChangeKind.Linked, actor, signal.AtMs, detail));
        return entry.Ticket;
    }

    private async Task ClearAsync(string dedupKey, long atMs)
    {
        if (!_byKey.TryGetValue(dedupKey, out var entry) || !IsUnresolved(entry.Ticket) || entry.ClearSince is not null)
        {
            return;
        }

        StartHoldDown(entry, atMs);
        await _store.UpdateAsync(entry.Ticket, entry.ClearSince, CancellationToken.None);
    }

    private void StartHoldDown(Entry entry, long clearSince)
    {
        entry.ClearSince = clearSince;
        var generation = ++entry.Generation;
        var end = clearSince + (long)_options.HoldDownFor(entry.Ticket.Rule).TotalMilliseconds;
        var due = TimeSpan.FromMilliseconds(Math.Max(0, end - NowMs()));
        entry.HoldDown?.Dispose();
        var key = entry.Ticket.DedupKey;
        entry.HoldDown = _time.CreateTimer(_ => Post(() => HoldDownElapsedAsync(key, generation, end)), null, due, Timeout.InfiniteTimeSpan);
    }

    private static void StopHoldDown(Entry entry)
    {
        entry.ClearSince = null;
        entry.Generation++;
        entry.HoldDown?.Dispose();
        entry.HoldDown = null;
    }

    private async Task HoldDownElapsedAsync(string key, int generation, long end)
    {
        if (!_byKey.TryGetValue(key, out var entry) || entry.Generation != generation || entry.ClearSince is null || !IsUnresolved(entry.Ticket))
        {
            return;
        }

        var clearedFor = (end - entry.ClearSince.Value) / 1000;
        StopHoldDown(entry);
        entry.Ticket = entry.Ticket with { Status = TicketStatus.Resolved, ResolvedAt = end, Resolution = "auto" };
        await SaveAsync(entry, System, "resolved", $"auto: the condition stayed clear for {clearedFor} s", TicketChangeKind.Resolved, end);
        await ResolveChildrenAsync(entry.Ticket, end);
    }

    private async Task ResolveChildrenAsync(Ticket parent, long atMs)
    {
        foreach (var child in _byId.Values.Where(e => e.Ticket.ParentId == parent.Id && IsUnresolved(e.Ticket) && e.ClearSince is not null).ToList())
        {
            StopHoldDown(child);
            child.Ticket = child.Ticket with { Status = TicketStatus.Resolved, ResolvedAt = atMs, Resolution = "auto" };
            await SaveAsync(child, System, "resolved", $"auto: resolved with #{parent.Id}", TicketChangeKind.Resolved, atMs);
        }
    }

    private async Task<Ticket> TransitionAsync(long id, string actor, TicketChangeKind kind, string? note)
    {
        var entry = await EntryAsync(id);
        var ticket = entry.Ticket;
        var now = NowMs();
        (Ticket next, string action) = (kind, ticket.Status) switch
        {
            (TicketChangeKind.Acknowledged, TicketStatus.Open) => (ticket with { Status = TicketStatus.Acknowledged, AcknowledgedAt = now }, "acknowledged"),
            (TicketChangeKind.Resolved, TicketStatus.Open or TicketStatus.Acknowledged) =>
                (ticket with { Status = TicketStatus.Resolved, ResolvedAt = now, Resolution = "manual" }, "resolved"),
            (TicketChangeKind.Closed, TicketStatus.Resolved) => (ticket with { Status = TicketStatus.Closed, ClosedAt = now }, "closed"),
            _ => throw new TicketConflictException(
                $"Ticket {id} is {TicketStore.ToWire(ticket.Status)}; it cannot be {kind.ToString().ToLowerInvariant()} (open → acknowledged → resolved → closed)."),
        };
        if (kind == TicketChangeKind.Resolved)
        {
            StopHoldDown(entry);
        }

        entry.Ticket = next;
        await SaveAsync(entry, actor, action, note, kind, now);
        if (kind == TicketChangeKind.Resolved)
        {
            await ResolveChildrenAsync(next, now);
        }

        if (kind == TicketChangeKind.Closed)
        {
            Forget(entry);
        }

        return next;
    }

    private async Task<Ticket> CommentCoreAsync(long id, string actor, string text)
    {
        var entry = await EntryAsync(id);
        var now = NowMs();
        await _store.AppendAuditAsync(id, now, actor, "commented", text, CancellationToken.None);
        Notify(new TicketChange(entry.Ticket, TicketChangeKind.Commented, actor, now, text));
        return entry.Ticket;
    }

    private async Task<Ticket> OpenManualCoreAsync(ProblemSignal signal, string actor) => await OpenAsync(signal, null, actor);

    private ProblemSignal ToSignal(ManualTicket request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Service is null || !ServiceKinds.TryParse(request.Service, out var service))
        {
            throw new TicketRequestException("service", "service is required: streetlight, cabinet, wastebin or bus.");
        }

        if (request.Severity is null || !SlaSeverities.All.Contains(request.Severity))
        {
            throw new TicketRequestException("severity", "severity is required: low, medium, high or critical.");
        }

        if (string.IsNullOrWhiteSpace(request.Summary) || request.Summary.Length > 500)
        {
            throw new TicketRequestException("summary", "summary is required (at most 500 characters).");
        }

        var now = NowMs();
        var key = $"{RuleNames.Manual}:{Guid.NewGuid():N}";
        if (request.DeviceId is { } deviceId)
        {
            var device = _registry.FindDevice(deviceId) ?? throw new TicketRequestException("deviceId", $"device '{deviceId}' is not in the registry.");
            return new ProblemSignal(key, RuleNames.Manual, service, request.Severity, device.Id, null, device.Commune, device.Longitude, device.Latitude, request.Summary, null, now);
        }

        if (request.Longitude is not { } lon || request.Latitude is not { } lat || lon is < -180 or > 180 || lat is < -90 or > 90)
        {
            throw new TicketRequestException("deviceId", "give a deviceId, or longitude and latitude (WGS84 degrees).");
        }

        var communes = _registry.City.Communes;
        var commune = request.CommuneId ?? (communes.Count == 1 ? communes[0].Id : null);
        if (commune is null || communes.All(c => c.Id != commune))
        {
            throw new TicketRequestException("communeId", $"communeId is required and must be one of: {string.Join(", ", communes.Select(c => c.Id))}.");
        }

        return new ProblemSignal(key, RuleNames.Manual, service, request.Severity, null, null, commune, lon, lat, request.Summary, null, now);
    }

    private async Task<Entry> EntryAsync(long id)
    {
        if (_byId.TryGetValue(id, out var entry))
        {
            return entry;
        }

        var ticket = await _store.FindAsync(id, CancellationToken.None) ?? throw new TicketNotFoundException(id);
        return new Entry(ticket);
    }

    private async Task SaveAsync(Entry entry, string actor, string action, string? detail, TicketChangeKind kind, long atMs)
    {
        await _store.UpdateAsync(entry.Ticket, entry.ClearSince, CancellationToken.None);
        entry.LastPersistedSeen = entry.Ticket.LastSeenAt;
        await _store.AppendAuditAsync(entry.Ticket.Id, atMs, actor, action, detail, CancellationToken.None);
        TicketLog.Changed(_logger, entry.Ticket.Id, action, actor);
        Notify(new TicketChange(entry.Ticket, kind, actor, atMs, detail));
    }

    private Entry Track(Ticket ticket)
    {
        var entry = new Entry(ticket);
        if (_byKey.TryGetValue(ticket.DedupKey, out var previous))
        {
            Forget(previous);
        }

        _byKey[ticket.DedupKey] = entry;
        _byId[ticket.Id] = entry;
        return entry;
    }

    private void Forget(Entry entry)
    {
        entry.HoldDown?.Dispose();
        if (_byKey.TryGetValue(entry.Ticket.DedupKey, out var current) && current == entry)
        {
            _byKey.Remove(entry.Ticket.DedupKey);
        }

        _byId.Remove(entry.Ticket.Id);
    }

    private void Notify(TicketChange change)
    {
        foreach (var observer in _observers)
        {
            try
            {
                observer.OnTicketChanged(change);
            }
            catch (Exception ex)
            {
                TicketLog.ObserverFailed(_logger, observer.GetType().Name, change.Ticket.Id, ex);
            }
        }
    }

    private void Post(Func<Task> work)
    {
        if (!_work.Writer.TryWrite(work))
        {
            TicketLog.Stopped(_logger);
        }
    }

    private async Task<Ticket> Call(Func<Task<Ticket>> operation, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<Ticket>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_work.Writer.TryWrite(async () =>
            {
                try
                {
                    done.TrySetResult(await operation());
                }
                catch (Exception ex)
                {
                    done.TrySetException(ex);
                }
            }))
        {
            throw new InvalidOperationException("The ticket service is stopping.");
        }

        return await done.Task.WaitAsync(cancellationToken);
    }

    private static bool IsUnresolved(Ticket ticket) => ticket.Status is TicketStatus.Open or TicketStatus.Acknowledged;

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private sealed class Entry(Ticket ticket)
    {
        public Ticket Ticket { get; set; } = ticket;

        public long? ClearSince { get; set; }

        public ITimer? HoldDown { get; set; }

        public int Generation { get; set; }

        public long LastPersistedSeen { get; set; }
    }
}
