namespace Iot.Hub.Alerts.Internal;

/// <summary>Exponential backoff with jitter: attempt n waits between half and all of min(max, base·2^(n-1)).</summary>
internal static class RetryBackoff
{
    public static long DelayMs(int attempt, WebhookDeliveryOptions options, Random random)
    {
        var exponent = Math.Min(attempt - 1, 30);
        var ceiling = Math.Min((double)options.MaxDelayMs, options.BaseDelayMs * Math.Pow(2, exponent));
        return (long)((ceiling / 2) + (random.NextDouble() * ceiling / 2));
    }
}
