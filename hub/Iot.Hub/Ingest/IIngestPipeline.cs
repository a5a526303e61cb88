using Iot.Contracts;

namespace Iot.Hub.Ingest;

/// <summary>
/// The broker-independent ingest pipeline. A broker front end (the embedded MQTTnet broker, or a client of an
/// external broker) calls <see cref="Admit"/> then <see cref="EnqueueAsync"/> for every message, and reports agent
/// connections it can see.
/// </summary>
public interface IIngestPipeline
{
    /// <summary>
    /// The cheap checks done before queueing: topic, device known, owned by <paramref name="agentId"/> (when the front
    /// end authenticated the publisher; null when the broker did), kind allowed, size. A refusal is counted here.
    /// </summary>
    bool Admit(string? agentId, string topic, long payloadLength, out TopicAddress address, out ValidationError error);

    /// <summary>Queues an admitted message; waits while the queue is full (back-pressure to the publisher).</summary>
    ValueTask EnqueueAsync(IncomingMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// The front end saw an agent connect or disconnect; <paramref name="clean"/> is false for an abrupt loss
    /// (keep-alive timeout, broken socket).
    /// </summary>
    void AgentConnectionChanged(string agentId, bool connected, bool clean = true);
}
