namespace Iot.Hub.Agents;

/// <summary>An agent's entry for mosquitto's password file; <paramref name="PasswordHash"/> is null for secrets created before it was stored.</summary>
public sealed record MosquittoCredential(string AgentId, string? PasswordHash);
