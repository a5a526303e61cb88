using Iot.Hub.Storage;

namespace Iot.Hub.Devices;

/// <summary>History of one metric: <see cref="Points"/> when raw, <see cref="Buckets"/> when downsampled.</summary>
public sealed record TelemetryHistoryDto(
    string Device,
    string Metric,
    long From,
    long To,
    long? StepMs,
    IReadOnlyList<HistoryPoint>? Points,
    IReadOnlyList<HistoryBucket>? Buckets);
