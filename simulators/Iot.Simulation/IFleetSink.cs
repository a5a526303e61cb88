namespace Iot.Simulation;

/// <summary>
/// Where the engine's output goes, in order: connects, publishes and disconnects of each agent. Called from the engine's
/// single thread only; implementations must not block (the MQTT sink queues per agent).
/// </summary>
public interface IFleetSink
{
    void Connect(AgentConnection connection);

    void Publish(string agentId, FleetMessage message);

    /// <summary>Ends the agent's connection: <paramref name="clean"/> with a DISCONNECT packet, otherwise by dropping the socket (the broker then publishes the Will).</summary>
    void Disconnect(string agentId, bool clean);
}
