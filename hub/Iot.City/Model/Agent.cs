namespace Iot.City;

/// <summary>
/// An edge agent: one MQTT client that publishes for the assets it owns (<see cref="Asset.AgentId"/>).
/// <paramref name="Id"/> matches <c>[A-Za-z0-9_-]{1,64}</c>; <paramref name="Kind"/> is one of <see cref="AgentKinds"/>.
/// </summary>
public sealed record Agent(string Id, string CommuneId, string Kind);
