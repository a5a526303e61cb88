using System.ComponentModel.DataAnnotations;

namespace Iot.Hub.Alerts;

/// <summary>
/// The <c>Alerts</c> configuration section: who is told about which tickets, how, and the clocks of reminders and
/// escalation. Checked at start by <see cref="Internal.AlertsOptionsValidator"/>; every error names the full key.
/// </summary>
public sealed class AlertsOptions
{
    public const string SectionName = "Alerts";

    /// <summary>Alerts off: nothing is queued or sent (tickets still work).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Base URL of the hub as operators reach it; e-mails and payloads link to <c>{PublicBaseUrl}/api/tickets/{id}</c>.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>Per-operator subscriptions (<c>Alerts:Subscriptions:0:OperatorId</c> …).</summary>
    public List<AlertSubscriptionOptions> Subscriptions { get; set; } = [];

    /// <summary>The communes' escalation contacts (<c>Alerts:Escalation:0:CommuneId</c> …), told of breaches and of unrouted tickets.</summary>
    public List<EscalationContactOptions> Escalation { get; set; } = [];

    public WebhookDeliveryOptions Webhook { get; set; } = new();

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Reminders at 50 % and 100 % of the acknowledge deadline, escalation on breaches.</summary>
    public bool Reminders { get; set; } = true;

    /// <summary>How long after a deadline passes the breach is escalated (0: at once).</summary>
    [Range(0, int.MaxValue)]
    public int EscalationGraceSeconds { get; set; }
}
