using System.Text.Json;
using System.Text.Json.Serialization;

namespace Iot.Hub.Alerts;

/// <summary>
/// The JSON of a webhook body and of an MQTT alert. <see cref="Kind"/> is the ticket change that caused it
/// (opened, reopened, resolved) or null for a reminder/escalation; <see cref="Event"/> names the alert.
/// </summary>
public sealed record AlertPayload(
    string DeliveryId,
    string Event,
    string? Kind,
    long At,
    string Recipient,
    string Link,
    AlertTicket Ticket);

/// <summary>The ticket as an alert carries it (times in Unix ms, UTC).</summary>
public sealed record AlertTicket(
    long Id,
    string Status,
    string Rule,
    string Severity,
    string Service,
    string? DeviceId,
    string? GroupId,
    string CommuneId,
    string? DistrictId,
    string? OperatorId,
    string? ContractId,
    bool Unrouted,
    string Summary,
    double Longitude,
    double Latitude,
    long OpenedAt,
    long? AcknowledgedAt,
    long? ResolvedAt,
    long? AckDueAt,
    long? RepairDueAt,
    int Flaps);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AlertPayload))]
[JsonSerializable(typeof(AlertDelivery))]
[JsonSerializable(typeof(IReadOnlyList<AlertDelivery>))]
public sealed partial class AlertsJsonContext : JsonSerializerContext;
