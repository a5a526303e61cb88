namespace Iot.Contracts;

/// <summary>One metric of one telemetry message.</summary>
public readonly record struct MetricReading(string Name, MetricValue Value);
