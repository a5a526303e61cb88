using System.Text;

namespace Iot.Simulation;

/// <summary>One output of the engine. For a connect, <see cref="Topic"/> and <see cref="Payload"/> are the Will.</summary>
public sealed record SinkRecord(SinkRecordKind Kind, string AgentId, string? Topic, byte[]? Payload, long Session)
{
    public string PayloadText => Payload is null ? "" : Encoding.UTF8.GetString(Payload);
}
