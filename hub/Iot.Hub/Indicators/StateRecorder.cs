using System.Threading.Channels;
using Iot.City;
using Iot.Contracts;
using Iot.Hub.Detection;
using Iot.Hub.Devices;
using Iot.Hub.Indicators.Internal;
using Iot.Hub.Ingest;
using Iot.Hub.Tickets;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Indicators;

/// <summary>
/// Records every asset's state intervals (<see cref="AssetStates"/>) as they change, from ingest (messages, agents
/// going offline) and from tickets (fault tickets opened and resolved, silence and comm_lost): the state-change history
/// availability is integrated over. Callbacks only queue work; one loop applies it and writes the changes in batches.
/// </summary>
/// <remarks>
/// An asset is <c>unknown</c> until it is heard from, from its agent going offline (or a comm_lost ticket) until it
/// speaks again, and from a silence ticket until it speaks again; otherwise <c>down</c> while a fault ticket (severity medium or above,
/// other than silence, comm_lost and route_interruption) is open on it or on its cabinet; otherwise <c>up</c>.
/// Rows are dated by the event (message arrival, ticket change) and never before the asset's previous row.
/// At start, assets last recorded known become unknown from the last heartbeat (the hub may have died at any time
/// after it), and open tickets are loaded again.
/// </remarks>
public sealed class StateRecorder : BackgroundService, IIngestObserver, ITicketObserver
{
    private static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromMinutes(1);

    private readonly Channel<Func<ValueTask>> _work = Channel.CreateUnbounded<Func<ValueTask>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, Track> _tracks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Track>> _byAgent = new(StringComparer.Ordinal);
    private readonly List<AssetStateRow> _pending = [];
    private readonly List<TaskCompletionSource> _flushWaiters = [];
    private readonly StateHistoryStore _store;
    private readonly TicketStore _tickets;
    private readonly CityIndex _index;
    private readonly TimeProvider _time;
    private readonly ILogger<StateRecorder> _logger;
    private readonly double _overflowLevel;
    private ITimer? _heartbeat;

    public StateRecorder(
        DeviceRegistry registry, CityIndex index, StateHistoryStore store, TicketStore tickets, IOptions<DetectionOptions> detection,
        TimeProvider time, ILogger<StateRecorder> logger)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(detection);
        _index = index;
        _store = store;
        _tickets = tickets;
        _time = time;
        _logger = logger;
        _overflowLevel = detection.Value.Wastebin.OverflowLevel;
        foreach (var asset in registry.City.Assets)
        {
            var track = new Track(asset);
            _tracks[asset.Id] = track;
            if (!_byAgent.TryGetValue(asset.AgentId, out var list))
            {
                _byAgent[asset.AgentId] = list = [];
            }

            list.Add(track);
        }
    }

    public void OnTelemetry(DeviceInfo device, DecodedTelemetry telemetry, long receivedMs)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(telemetry);
        double? fill = null;
        foreach (var metric in telemetry.Metrics)
        {
            if (metric.Name == "fillingLevel" && metric.Value.Kind == MetricValueKind.Number)
            {
                fill = metric.Value.Number;
            }
        }

        Post(() => Heard(device.Id, fill, receivedMs));
    }

    public void OnEvent(DeviceInfo device, EventPayload payload, long receivedMs)
    {
        ArgumentNullException.ThrowIfNull(device);
        Post(() => Heard(device.Id, null, receivedMs));
    }

    public void OnAgentState(string agentId, bool online, bool clean, long receivedMs) => Post(() =>
    {
        foreach (var track in _byAgent.GetValueOrDefault(agentId) ?? [])
        {
            track.AgentDown = !online;
            if (!online)
            {
                track.Heard = false; // back online is not data: unknown until the device speaks again
            }

            Evaluate(track, receivedMs);
        }
    });

    public void OnTicketChanged(TicketChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var open = change.Kind switch
        {
            TicketChangeKind.Opened or TicketChangeKind.Reopened => true,
            TicketChangeKind.Resolved or TicketChangeKind.Closed => false,
            _ => (bool?)null,
        };
        if (open is { } isOpen)
        {
            Post(() => Apply(change.Ticket, isOpen, change.AtMs, evaluate: true));
        }
    }

    /// <summary>Completes once everything queued before the call is written to <c>hub.db</c>.</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            _flushWaiters.Add(done);
            return;
        });
        return done.Task.WaitAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _heartbeat?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await LoadAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            IndicatorsLog.RecorderFailed(_logger, exception);
        }

        _heartbeat = _time.CreateTimer(_ => Post(BeatAsync), null, HeartbeatPeriod, HeartbeatPeriod);
        var reader = _work.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                while (reader.TryRead(out var work))
                {
                    try
                    {
                        await work();
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        IndicatorsLog.RecorderFailed(_logger, exception);
                    }
                }

                await WritePendingAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is queued is lost with the process; the next start marks every asset unknown from the last beat.
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var beat = await _store.HeartbeatAsync(cancellationToken);
        foreach (var row in await _store.LatestAsync(cancellationToken))
        {
            if (!_tracks.TryGetValue(row.AssetId, out var track))
            {
                continue;
            }

            if (row.Kind == AssetStates.Availability)
            {
                (track.Avail, track.AvailSince) = (row.State, row.StartMs);
            }
            else if (row.Kind == AssetStates.Fill)
            {
                (track.Fill, track.FillSince) = (row.State, row.StartMs);
            }
        }

        // Nothing is known about the time the hub was away: from the last beat (or now) every asset is unknown.
        var gone = Math.Min(beat ?? now, now);
        foreach (var track in _tracks.Values)
        {
            Evaluate(track, gone);
        }

        foreach (var ticket in await _tickets.ListUnresolvedAsync(cancellationToken))
        {
            Apply(ticket, open: true, ticket.OpenedAt, evaluate: false);
        }

        await WritePendingAsync(cancellationToken);
        await _store.BeatAsync(now, cancellationToken);
    }

    private async ValueTask BeatAsync()
    {
        await WritePendingAsync(CancellationToken.None);
        await _store.BeatAsync(_time.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None);
    }

    private void Post(Action work) => Post(() =>
    {
        work();
        return ValueTask.CompletedTask;
    });

    private void Post(Func<ValueTask> work) => _work.Writer.TryWrite(work);

    private void Heard(string deviceId, double? fill, long atMs)
    {
        if (!_tracks.TryGetValue(deviceId, out var track))
        {
            return;
        }

        track.Heard = true;
        track.Silent = false;
        track.AgentDown = false;
        if (fill is { } level)
        {
            track.Full = level >= _overflowLevel;
        }

        Evaluate(track, atMs);
    }

    private void Apply(Ticket ticket, bool open, long atMs, bool evaluate)
    {
        if (ticket.Rule == RuleNames.CommLost)
        {
            foreach (var track in ticket.GroupId is { } agent ? _byAgent.GetValueOrDefault(agent) ?? [] : [])
            {
                track.AgentDown = open;
                track.Heard &= !open;
                Reevaluate(track);
            }

            return;
        }

        if (ticket.Rule is RuleNames.DeviceSilent or RuleNames.BusSilent)
        {
            if (ticket.DeviceId is { } id && _tracks.TryGetValue(id, out var silent))
            {
                silent.Silent = open;
                Reevaluate(silent);
            }

            return;
        }

        if (!IndicatorRules.IsFault(ticket.Rule, ticket.Severity))
        {
            return;
        }

        foreach (var track in FaultSubjects(ticket))
        {
            if (open)
            {
                track.Faults.Add(ticket.Id);
            }
            else
            {
                track.Faults.Remove(ticket.Id);
            }

            Reevaluate(track);
        }

        void Reevaluate(Track track)
        {
            if (evaluate)
            {
                Evaluate(track, atMs);
            }
        }
    }

    private IEnumerable<Track> FaultSubjects(Ticket ticket)
    {
        if (ticket.DeviceId is { } id)
        {
            if (_tracks.TryGetValue(id, out var device))
            {
                yield return device;
            }

            yield break;
        }

        if (ticket.GroupId is not { } group)
        {
            yield break;
        }

        if (_tracks.TryGetValue(group, out var asset))
        {
            yield return asset;
        }

        foreach (var lamp in _index.LampsOfCabinet(group))
        {
            if (_tracks.TryGetValue(lamp.Id, out var track))
            {
                yield return track;
            }
        }
    }

    private void Evaluate(Track track, long atMs)
    {
        var avail = !track.Heard || track.AgentDown || track.Silent ? AssetStates.Unknown
            : track.Faults.Count > 0 ? AssetStates.Down
            : AssetStates.Up;
        if (avail != track.Avail)
        {
            var at = Math.Max(atMs, track.AvailSince);
            _pending.Add(new AssetStateRow(track.Asset.Id, AssetStates.Availability, at, avail));
            (track.Avail, track.AvailSince) = (avail, at);
        }

        if (track.Asset.Service != ServiceKind.Wastebin)
        {
            return;
        }

        var fill = avail == AssetStates.Unknown || track.Full is null ? AssetStates.Unknown
            : track.Full.Value ? AssetStates.Full
            : AssetStates.NotFull;
        if (fill != track.Fill)
        {
            var at = Math.Max(atMs, track.FillSince);
            _pending.Add(new AssetStateRow(track.Asset.Id, AssetStates.Fill, at, fill));
            (track.Fill, track.FillSince) = (fill, at);
        }
    }

    private async Task WritePendingAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count > 0)
        {
            var rows = _pending.ToArray();
            _pending.Clear();
            try
            {
                await _store.AppendAsync(rows, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                IndicatorsLog.WriteFailed(_logger, rows.Length, exception);
            }
        }

        foreach (var waiter in _flushWaiters)
        {
            waiter.TrySetResult();
        }

        _flushWaiters.Clear();
    }

    private sealed class Track(Asset asset)
    {
        public Asset Asset { get; } = asset;

        public bool Heard { get; set; }

        public bool AgentDown { get; set; }

        public bool Silent { get; set; }

        public bool? Full { get; set; }

        public HashSet<long> Faults { get; } = [];

        public string Avail { get; set; } = AssetStates.Unknown;

        public long AvailSince { get; set; } = long.MinValue;

        public string Fill { get; set; } = AssetStates.Unknown;

        public long FillSince { get; set; } = long.MinValue;
    }
}
