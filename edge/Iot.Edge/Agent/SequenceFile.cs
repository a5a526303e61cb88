namespace Iot.Edge.Agent;

/// <summary>
/// <c>state.json</c>: the last MQTT session number used, and per device the highest <c>seq</c> reserved (every seq up to
/// it may have been published).
/// </summary>
internal sealed record SequenceFile(long Session, Dictionary<string, long> Reserved);
