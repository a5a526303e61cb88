using System.Text.Json;
using System.Text.Json.Serialization;

namespace Iot.Hub.Alerts;

/// <summary>Source-generated JSON of alert payloads and the deliveries API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AlertPayload))]
[JsonSerializable(typeof(AlertDelivery))]
[JsonSerializable(typeof(IReadOnlyList<AlertDelivery>))]
public sealed partial class AlertsJsonContext : JsonSerializerContext;
