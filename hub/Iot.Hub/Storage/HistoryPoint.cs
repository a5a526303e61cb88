namespace Iot.Hub.Storage;

/// <summary>A stored value: <see cref="Value"/> is a double, a bool or a string.</summary>
public sealed record HistoryPoint(long Ts, object Value);
