namespace Iot.Edge.Queue;

/// <summary>
/// <c>cursor.json</c>: the first queue position not yet acknowledged by the broker (nor dropped), and the per-device
/// count of messages dropped because the queue was full and not yet reported.
/// </summary>
internal sealed record QueueCursorFile(long Cursor, Dictionary<string, long> Dropped);
