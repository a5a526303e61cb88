namespace Iot.Contracts;

/// <summary>A device's answer to a command.</summary>
public sealed record CommandAckPayload(string Id, long Ts, bool Ok, string? Error = null);
