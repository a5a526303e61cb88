namespace Iot.Hub.Devices;

/// <summary>An edge agent of the city file and the devices it speaks for.</summary>
public sealed record AgentInfo(string Id, string Commune, string Kind, IReadOnlyList<string> Devices);
