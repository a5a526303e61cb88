using MQTTnet;

namespace Iot.Hub.Ingest;

/// <summary>
/// Publishes the hub's own messages (commands, alerts) to the agents, whichever broker is in use: the embedded broker
/// injects them, the external-broker client publishes them with the hub's account.
/// </summary>
public interface IMqttPublisher
{
    /// <summary>Hands <paramref name="message"/> to the broker; throws when the broker cannot take it (not connected, refused).</summary>
    Task PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken);
}
