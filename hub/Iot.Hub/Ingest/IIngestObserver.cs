using Iot.Contracts;
using Iot.Hub.Devices;

namespace Iot.Hub.Ingest;

/// <summary>
/// Sees every accepted message after the last-value cache has been updated, on the pipeline's single reader.
/// Implementations (the outage rules, the live notifier) must return quickly and never do I/O here: hand the work
/// to a queue of their own. An exception is logged by the pipeline and does not stop ingest.
/// </summary>
public interface IIngestObserver
{
    /// <summary>Accepted telemetry of a registered device. <paramref name="receivedMs"/> is the hub's clock.</summary>
    void OnTelemetry(DeviceInfo device, DecodedTelemetry telemetry, long receivedMs);

    /// <summary>An accepted device event (for example <c>lampFailure</c>).</summary>
    void OnEvent(DeviceInfo device, EventPayload payload, long receivedMs);

    /// <summary>
    /// An agent's status changed: its birth, its Last Will, or (embedded broker only) its connection opening or closing.
    /// <paramref name="clean"/> is false for an abrupt loss (Last Will, keep-alive timeout, broken socket).
    /// Stale statuses (an older session) are not reported.
    /// </summary>
    void OnAgentState(string agentId, bool online, bool clean, long receivedMs);

    /// <summary>A device acknowledged (or refused) a command.</summary>
    void OnCommandAck(DeviceInfo device, CommandAckPayload ack, long receivedMs)
    {
    }
}
