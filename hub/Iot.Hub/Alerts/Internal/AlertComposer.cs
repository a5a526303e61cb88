using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Iot.City;
using Iot.Contracts;
using Iot.Hub.Tickets;

namespace Iot.Hub.Alerts.Internal;

/// <summary>Who hears of an alert, over which channels, and what each delivery says (rendered once, when queued).</summary>
internal sealed class AlertComposer(AlertsOptions options, CityModel city)
{
    private sealed record Recipient(string Key, string Language, string? WebhookUrl, IReadOnlyList<string> Emails, string? MqttTopic);

    public List<AlertDelivery> Compose(Ticket ticket, string alertEvent, string? kind, long atMs, long nowMs)
    {
        var recipients = new List<Recipient>();
        var toOperator = alertEvent is not (AlertEvents.AckBreach or AlertEvents.RepairBreach) || ticket.OperatorId is not null;
        var toCommune = alertEvent is AlertEvents.AckBreach or AlertEvents.RepairBreach
            || (ticket.OperatorId is null && alertEvent is AlertEvents.Opened or AlertEvents.Reopened);
        if (toOperator && ticket.OperatorId is not null)
        {
            recipients.AddRange(OperatorRecipients(ticket));
        }

        if (toCommune)
        {
            recipients.AddRange(options.Escalation.Where(c => c.CommuneId == ticket.CommuneId).Select(c =>
                new Recipient($"commune:{c.CommuneId}", c.Language, c.WebhookUrl, c.Emails, null)));
        }

        var deliveries = new List<AlertDelivery>();
        var link = options.PublicBaseUrl.TrimEnd('/') + "/api/tickets/" + ticket.Id.ToString(CultureInfo.InvariantCulture);
        foreach (var r in recipients)
        {
            if (!string.IsNullOrEmpty(r.WebhookUrl))
            {
                deliveries.Add(Json(ticket, alertEvent, kind, atMs, nowMs, r.Key, AlertChannels.Webhook, r.WebhookUrl, link));
            }

            if (r.MqttTopic is not null)
            {
                deliveries.Add(Json(ticket, alertEvent, kind, atMs, nowMs, r.Key, AlertChannels.Mqtt, r.MqttTopic, link));
            }

            if (!string.IsNullOrWhiteSpace(options.Smtp.Host))
            {
                foreach (var email in r.Emails)
                {
                    var texts = AlertTexts.For(r.Language);
                    var id = DeliveryId(ticket.Id, alertEvent, atMs, r.Key, AlertChannels.Email, email);
                    deliveries.Add(new AlertDelivery(id, ticket.Id, alertEvent, AlertChannels.Email, r.Key, email,
                        Subject(texts, ticket, alertEvent), Body(texts, ticket, alertEvent, link), DeliveryStatus.Pending, 0, nowMs, null, nowMs, nowMs));
                }
            }
        }

        return deliveries;
    }

    public static string Subject(AlertTexts texts, Ticket ticket, string alertEvent) =>
        string.Format(CultureInfo.InvariantCulture, texts.Subjects[alertEvent], ticket.Id, texts.SeverityName(ticket.Severity), ticket.Summary);

    public string Body(AlertTexts texts, Ticket ticket, string alertEvent, string link)
    {
        var zone = ZoneOf(ticket.CommuneId);
        var none = texts.None;
        var b = new StringBuilder();
        b.AppendLine(texts.Intros[alertEvent]).AppendLine();
        Line(b, texts.Ticket, ticket.Id.ToString(CultureInfo.InvariantCulture));
        Line(b, texts.Severity, texts.SeverityName(ticket.Severity));
        Line(b, texts.Rule, ticket.Rule);
        Line(b, texts.Device, ticket.DeviceId ?? ticket.GroupId ?? none);
        Line(b, texts.Summary, ticket.Summary);
        Line(b, texts.Opened, Local(ticket.OpenedAt, zone));
        Line(b, texts.AckDue, ticket.AckDueAt is long ack ? Local(ack, zone) : none);
        Line(b, texts.RepairDue, ticket.RepairDueAt is long repair ? Local(repair, zone) : none);
        Line(b, texts.Link, link);
        return b.ToString();
    }

    /// <summary>Stable delivery id: the same alert to the same target always gets the same id.</summary>
    public static string DeliveryId(long ticketId, string alertEvent, long atMs, string recipient, string channel, string target)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|', ticketId, alertEvent, atMs, recipient, channel, target)));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    public static string Local(long unixMs, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMs), zone);
        return local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " (" + zone.Id + ")";
    }

    private TimeZoneInfo ZoneOf(string communeId)
    {
        var id = city.Communes.FirstOrDefault(c => c.Id == communeId)?.TimeZone;
        return id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
    }

    private static void Line(StringBuilder b, string label, string value) => b.Append(label).Append(" : ").AppendLine(value);

    private IEnumerable<Recipient> OperatorRecipients(Ticket ticket)
    {
        var op = city.Operators.FirstOrDefault(o => o.Id == ticket.OperatorId);
        var service = ticket.Service.ToWire();
        foreach (var sub in options.Subscriptions)
        {
            if (sub.OperatorId != ticket.OperatorId
                || (sub.Services.Count > 0 && !sub.Services.Contains(service))
                || Rank(ticket.Severity) < Rank(sub.MinSeverity))
            {
                continue;
            }

            var email = sub.EmailEnabled ? (string.IsNullOrWhiteSpace(sub.Email) ? op?.Email : sub.Email) : null;
            yield return new Recipient(
                $"operator:{sub.OperatorId}",
                string.IsNullOrEmpty(sub.Language) ? op?.Language ?? "en" : sub.Language,
                sub.WebhookUrl,
                string.IsNullOrWhiteSpace(email) ? [] : [email],
                sub.Mqtt ? Topics.Alerts(ticket.CommuneId, sub.OperatorId) : null);
        }
    }

    private static int Rank(string severity)
    {
        var index = SlaSeverities.All.ToList().IndexOf(severity);
        return index < 0 ? 0 : SlaSeverities.All.Count - 1 - index;
    }

    private static AlertDelivery Json(Ticket t, string alertEvent, string? kind, long atMs, long nowMs, string recipient, string channel, string target, string link)
    {
        var id = DeliveryId(t.Id, alertEvent, atMs, recipient, channel, target);
        var payload = new AlertPayload(id, alertEvent, kind, atMs, recipient, link, new AlertTicket(
            t.Id, t.Status.ToString().ToLowerInvariant(), t.Rule, t.Severity, t.Service.ToWire(), t.DeviceId, t.GroupId, t.CommuneId,
            t.DistrictId, t.OperatorId, t.ContractId, t.Unrouted, t.Summary, t.Longitude, t.Latitude, t.OpenedAt, t.AcknowledgedAt,
            t.ResolvedAt, t.AckDueAt, t.RepairDueAt, t.Flaps));
        return new AlertDelivery(id, t.Id, alertEvent, channel, recipient, target, null,
            JsonSerializer.Serialize(payload, AlertsJsonContext.Default.AlertPayload), DeliveryStatus.Pending, 0, nowMs, null, nowMs, nowMs);
    }
}
