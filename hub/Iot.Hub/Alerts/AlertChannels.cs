namespace Iot.Hub.Alerts;

/// <summary>Channel names of <see cref="AlertDelivery.Channel"/>.</summary>
public static class AlertChannels
{
    public const string Webhook = "webhook";
    public const string Email = "email";
    public const string Mqtt = "mqtt";
}
