namespace Iot.Simulation;

/// <summary>One MQTT publish of the fleet: QoS 1 always; status messages are retained.</summary>
public sealed record FleetMessage(string Topic, byte[] Payload, bool Retain);
