using System.Text.Json;

namespace Iot.Contracts;

/// <summary>A command from the hub to a device.</summary>
public sealed record CommandPayload(string Id, long Ts, string Action, JsonElement? Args = null, long? ExpiresTs = null);
