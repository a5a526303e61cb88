using Iot.Contracts;

namespace Iot.Hub.Storage;

/// <summary>One decoded telemetry message on its way to the store; <see cref="ReceivedTimestamp"/> is a <see cref="TimeProvider"/> timestamp.</summary>
public sealed record StoredTelemetry(string DeviceId, long Ts, long Seq, IReadOnlyList<MetricReading> Metrics, long ReceivedTimestamp);
