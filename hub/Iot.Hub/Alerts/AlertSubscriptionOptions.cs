namespace Iot.Hub.Alerts;

/// <summary>One operator's subscription: which tickets, which channels, which language.</summary>
public sealed class AlertSubscriptionOptions
{
    /// <summary>An operator of the city file.</summary>
    public string OperatorId { get; set; } = "";

    /// <summary>Services to alert on (<c>streetlight</c>, <c>cabinet</c>, <c>wastebin</c>, <c>bus</c>); empty: all.</summary>
    public List<string> Services { get; set; } = [];

    /// <summary>Least severity alerted: low, medium, high or critical.</summary>
    public string MinSeverity { get; set; } = "low";

    /// <summary>fr, ar or en; empty: the operator's language in the city file.</summary>
    public string? Language { get; set; }

    /// <summary>Webhook endpoint (absolute http/https URL); empty: no webhook.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Shared secret signing the webhook (at least 16 characters); required with <see cref="WebhookUrl"/>.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Send e-mails (to <see cref="Email"/>, or else the operator's e-mail in the city file).</summary>
    public bool EmailEnabled { get; set; } = true;

    /// <summary>E-mail address overriding the operator's e-mail in the city file.</summary>
    public string? Email { get; set; }

    /// <summary>Publish on <c>iot/v1/{commune}/alerts/{operatorId}</c>.</summary>
    public bool Mqtt { get; set; } = true;

    /// <summary>
    /// Password of the operator's account on the embedded broker (client id <c>operator:{OperatorId}</c>), at least 16
    /// characters; empty: no account (with an external broker, grant the topic in its ACL instead).
    /// </summary>
    public string? MqttPassword { get; set; }
}
