using System.Text.Json.Serialization;

namespace Iot.Contracts;

/// <summary>Source-generated JSON for the wire payloads: camelCase, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TelemetryPayload))]
[JsonSerializable(typeof(EventPayload))]
[JsonSerializable(typeof(StatusPayload))]
[JsonSerializable(typeof(CommandPayload))]
[JsonSerializable(typeof(CommandAckPayload))]
public sealed partial class WireJsonContext : JsonSerializerContext;
