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
