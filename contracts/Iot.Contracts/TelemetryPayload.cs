namespace Iot.Contracts;

/// <summary>Telemetry: <c>{"ts":…,"seq":…,"metrics":{"name":value,…}}</c>.</summary>
public sealed record TelemetryPayload(long Ts, long Seq, IReadOnlyDictionary<string, MetricValue> Metrics);
