using System.Text.Json;

namespace Iot.Contracts;

/// <summary>A device event such as <c>lampFailure</c>.</summary>
public sealed record EventPayload(long Ts, long Seq, string Type, string? Severity = null, string? Message = null, JsonElement? Data = null);
