namespace Iot.Contracts;

/// <summary>A parsed topic <c>iot/v1/{commune}/{service}/{deviceId}/{kind}</c>.</summary>
public readonly record struct TopicAddress(string Commune, ServiceKind Service, string DeviceId, MessageKind Kind)
{
    public override string ToString() => Topics.Format(Commune, Service, DeviceId, Kind);
}
