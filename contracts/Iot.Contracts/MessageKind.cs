namespace Iot.Contracts;

/// <summary>The last topic segment: what a message is.</summary>
public enum MessageKind
{
    Telemetry,
    Event,
    Status,
    Cmd,
    CmdAck,
}
