using Iot.Contracts;
using Iot.Edge.Drivers;

namespace Iot.Edge.Tests.Infrastructure;

/// <summary>An <see cref="IReadingSink"/> that keeps everything a driver reported.</summary>
public sealed class RecordingSink : IReadingSink
{
    private readonly Lock _lock = new();
    private readonly List<RecordedTelemetry> _telemetry = [];
    private readonly List<RecordedEvent> _events = [];

    public IReadOnlyList<RecordedTelemetry> Telemetry()
    {
        lock (_lock)
        {
            return [.. _telemetry];
        }
    }

    public IReadOnlyList<RecordedEvent> Events()
    {
        lock (_lock)
        {
            return [.. _events];
        }
    }

    void IReadingSink.Telemetry(string deviceId, long tsMs, IReadOnlyList<MetricReading> metrics)
    {
        lock (_lock)
        {
            _telemetry.Add(new RecordedTelemetry(deviceId, tsMs, metrics.ToDictionary(m => m.Name, m => m.Value)));
        }
    }

    void IReadingSink.Event(string deviceId, long tsMs, string type, string severity, string message)
    {
        lock (_lock)
        {
            _events.Add(new RecordedEvent(deviceId, tsMs, type, severity, message));
        }
    }
}

public sealed record RecordedTelemetry(string DeviceId, long TsMs, IReadOnlyDictionary<string, MetricValue> Metrics)
{
    public double Number(string name) => Metrics[name].Number;

    public string? Text(string name) => Metrics.TryGetValue(name, out var v) ? v.Text : null;
}

public sealed record RecordedEvent(string DeviceId, long TsMs, string Type, string Severity, string Message);
