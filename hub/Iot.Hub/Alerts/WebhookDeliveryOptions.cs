using System.ComponentModel.DataAnnotations;

namespace Iot.Hub.Alerts;

/// <summary>Retries of every alert delivery (webhook, e-mail, MQTT): exponential backoff with jitter, then dead-letter.</summary>
public sealed class WebhookDeliveryOptions
{
    /// <summary>Attempts before a delivery is dead (1-50).</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Delay before the second attempt, in ms; doubles at each attempt (with jitter).</summary>
    [Range(1, 3_600_000)]
    public int BaseDelayMs { get; set; } = 2000;

    /// <summary>Longest delay between attempts, in ms: at least <see cref="BaseDelayMs"/>, at most a day (checked with it).</summary>
    public int MaxDelayMs { get; set; } = 600_000;

    /// <summary>Time allowed for one attempt, in seconds.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 15;
}
