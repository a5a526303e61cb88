namespace Iot.Hub.Alerts;

/// <summary>Who at a commune hears of breached deadlines and of tickets no contract covers.</summary>
public sealed class EscalationContactOptions
{
    /// <summary>A commune of the city file.</summary>
    public string CommuneId { get; set; } = "";

    /// <summary>Addresses to e-mail.</summary>
    public List<string> Emails { get; set; } = [];

    /// <summary>fr, ar or en.</summary>
    public string Language { get; set; } = "fr";

    /// <summary>Optional webhook (absolute http/https URL).</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Required with <see cref="WebhookUrl"/> (at least 16 characters).</summary>
    public string? WebhookSecret { get; set; }
}
