using MQTTnet;

namespace Iot.Testing;

/// <summary>The broker answered CONNECT with a refusal.</summary>
public sealed class ConnectRefusedException(MqttClientConnectResultCode resultCode)
    : Exception($"CONNACK refused: {resultCode}")
{
    public MqttClientConnectResultCode ResultCode { get; } = resultCode;
}
