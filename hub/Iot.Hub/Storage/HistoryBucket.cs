namespace Iot.Hub.Storage;

/// <summary>Aggregate of the numeric values in [Ts, Ts + step).</summary>
public sealed record HistoryBucket(long Ts, double Mean, double Min, double Max, long Count);
