using Iot.Contracts;

namespace Iot.Hub.Devices;

/// <summary>A metric value and the device time it was measured at (Unix ms).</summary>
public readonly record struct TimedValue(MetricValue Value, long Ts);
