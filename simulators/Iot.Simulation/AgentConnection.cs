namespace Iot.Simulation;

/// <summary>
/// What an agent connects with: client id and user name = <paramref name="AgentId"/>, a retained QoS 1 Last Will
/// (<paramref name="Will"/>, the offline status of this <paramref name="Session"/>) and its devices' cmd topics to subscribe to.
/// </summary>
public sealed record AgentConnection(string AgentId, long Session, FleetMessage Will, IReadOnlyList<string> CommandTopics);
