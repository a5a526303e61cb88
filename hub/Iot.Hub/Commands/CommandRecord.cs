using System.Text.Json;

namespace Iot.Hub.Commands;

/// <summary>The life of one command: pending until the device answers or it expires.</summary>
public enum CommandState
{
    Pending,
    Succeeded,
    Failed,
    Expired,
}

/// <summary>A command the hub sent, and what became of it. Times are Unix ms.</summary>
public sealed record CommandRecord(
    string Id,
    string DeviceId,
    string Action,
    JsonElement? Args,
    string Actor,
    long SentAt,
    long ExpiresAt,
    CommandState State,
    long? AnsweredAt,
    string? Error);
