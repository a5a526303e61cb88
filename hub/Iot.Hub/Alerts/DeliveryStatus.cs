namespace Iot.Hub.Alerts;

/// <summary>Where a delivery stands, as listed by <c>GET /api/alerts/deliveries</c> (in JSON: lower case).</summary>
public static class DeliveryStatus
{
    /// <summary>Queued, not tried yet.</summary>
    public const string Pending = "pending";

    /// <summary>Accepted by the receiver (2xx, SMTP accepted, broker took it).</summary>
    public const string Sent = "sent";

    /// <summary>Tried and failed; another attempt is scheduled.</summary>
    public const string Failed = "failed";

    /// <summary>Dead-lettered after the last attempt failed; no more tries.</summary>
    public const string Dead = "dead";

    public static readonly string[] All = [Pending, Sent, Failed, Dead];
}
