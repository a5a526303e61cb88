namespace Iot.Simulation;

public enum SinkRecordKind
{
    Connect,
    Publish,
    CleanDisconnect,
    AbruptDisconnect,
}
