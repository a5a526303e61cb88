namespace Iot.Hub.Alerts;

/// <summary>
/// One alert to one recipient over one channel, as kept in the outbox (<c>alert_deliveries</c> in hub.db).
/// <see cref="Id"/> is stable: derived from the ticket, the event, its instant, the recipient and the channel, so queuing
/// the same alert twice (a restart mid-way) yields one delivery; webhook receivers see it as <c>X-Iot-Delivery</c>.
/// </summary>
/// <param name="Channel">webhook, email or mqtt.</param>
/// <param name="Recipient"><c>operator:{id}</c> or <c>commune:{id}</c>.</param>
/// <param name="Target">URL, e-mail address or MQTT topic.</param>
public sealed record AlertDelivery(
    string Id,
    long TicketId,
    string Event,
    string Channel,
    string Recipient,
    string Target,
    string? Subject,
    string Payload,
    string Status,
    int Attempts,
    long NextAttemptAt,
    string? LastError,
    long CreatedAt,
    long UpdatedAt);
