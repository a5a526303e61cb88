namespace Iot.Contracts;

/// <summary>A validated telemetry message.</summary>
public sealed record DecodedTelemetry(long Ts, long Seq, IReadOnlyList<MetricReading> Metrics, IReadOnlyList<string> UnknownMetrics);
