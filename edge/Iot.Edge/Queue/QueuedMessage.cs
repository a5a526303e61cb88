namespace Iot.Edge.Queue;

/// <summary>A message read back from the disk queue: its position in the queue, its MQTT topic and payload.</summary>
public sealed record QueuedMessage(long Position, string Topic, byte[] Payload);
