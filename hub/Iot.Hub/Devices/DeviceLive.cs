using Iot.Contracts;

namespace Iot.Hub.Devices;

/// <summary>Last values, status and diagnostics of one device. Thread-safe; readers get snapshots.</summary>
public sealed class DeviceLive(string id)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TimedValue> _metrics = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unknownMetrics = new(StringComparer.Ordinal);
    private long _statusSession = -1;

    public string Id { get; } = id;

    public long LastSeenMs { get; private set; }

    public long LastSeq { get; private set; } = -1;

    /// <summary>The device's own last status: true online, false offline, null never reported.</summary>
    public bool? StatusOnline { get; private set; }

    public long Rejected { get; private set; }

    public RejectionNote? LastRejection { get; private set; }

    public EventPayload? LastEvent { get; private set; }

    public CommandAckPayload? LastCommandAck { get; private set; }

    /// <summary>Applies decoded telemetry; a metric keeps its newer value when a replayed (older) one arrives.</summary>
    public void Apply(DecodedTelemetry telemetry, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        lock (_lock)
        {
            LastSeenMs = nowMs;
            LastSeq = Math.Max(LastSeq, telemetry.Seq);
            foreach (var metric in telemetry.Metrics)
            {
                if (!_metrics.TryGetValue(metric.Name, out var current) || current.Ts <= telemetry.Ts)
                {
                    _metrics[metric.Name] = new TimedValue(metric.Value, telemetry.Ts);
                }
            }

            foreach (var name in telemetry.UnknownMetrics)
            {
                _unknownMetrics.Add(name);
            }
        }
    }

    public bool ApplyStatus(StatusPayload status, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(status);
        lock (_lock)
        {
            LastSeenMs = nowMs;
            if (status.Session < _statusSession)
            {
                return false;
            }

            _statusSession = status.Session;
            StatusOnline = status.IsOnline;
            return true;
        }
    }

    public void ApplyEvent(EventPayload e, long nowMs)
    {
        lock (_lock)
        {
            LastSeenMs = nowMs;
            LastEvent = e;
        }
    }

    public void ApplyCommandAck(CommandAckPayload ack, long nowMs)
    {
        lock (_lock)
        {
            LastSeenMs = nowMs;
            LastCommandAck = ack;
        }
    }

    public void Reject(ValidationError error, long nowMs)
    {
        lock (_lock)
        {
            Rejected++;
            LastRejection = new RejectionNote(error.Reason.ToWire(), error.Detail, nowMs);
        }
    }

    public IReadOnlyDictionary<string, TimedValue> SnapshotMetrics()
    {
        lock (_lock)
        {
            return new Dictionary<string, TimedValue>(_metrics, StringComparer.Ordinal);
        }
    }

    public IReadOnlyList<string> SnapshotUnknownMetrics()
    {
        lock (_lock)
        {
            return [.. _unknownMetrics.Order(StringComparer.Ordinal)];
        }
    }
}
