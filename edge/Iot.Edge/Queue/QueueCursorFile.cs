namespace Iot.Edge.Queue;

/// <summary>
/// <c>cursor.json</c>: the first queue position not yet acknowledged by the broker (nor dropped), and the per-device
/// count of messages dropped because the queue was full and not yet reported, and the positions above the cursor that
/// already left the queue (dropped or acknowledged past a message still in flight), so that a restart neither sends a
/// message again that was counted as dropped nor counts it twice. Absent in files written before it existed.
/// </summary>
internal sealed record QueueCursorFile(long Cursor, Dictionary<string, long> Dropped, List<long>? Gone = null);
