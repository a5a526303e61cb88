using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Iot.Hub.Open311.Internal;

/// <summary>Source-generated JSON of the Open311 API: GeoReport v2's snake_case names, nulls written out.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(IReadOnlyList<ServiceDto>))]
[JsonSerializable(typeof(ServiceDefinitionDto))]
[JsonSerializable(typeof(IReadOnlyList<ServiceRequestDto>))]
[JsonSerializable(typeof(IReadOnlyList<CreatedDto>))]
[JsonSerializable(typeof(IReadOnlyList<Open311ErrorDto>))]
[JsonSerializable(typeof(DiscoveryDto))]
internal sealed partial class Open311JsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context the API writes with: as <see cref="JsonSerializerContext"/>'s default, plus UTF-8 text left as it is
    /// ("Lumière", Arabic descriptions) instead of \u escapes. The answers are application/json, never inlined in HTML.
    /// </summary>
    public static Open311JsonContext Api { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
