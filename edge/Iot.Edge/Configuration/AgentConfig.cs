using Iot.Contracts;
using Iot.Edge.Drivers;
using Microsoft.Extensions.Configuration;

namespace Iot.Edge.Configuration;

/// <summary>One agent's configuration file, validated (see <see cref="AgentConfigLoader"/> and edge/README.md).</summary>
public sealed record AgentConfig(
    string AgentId,
    string Secret,
    string Commune,
    ServiceKind? StatusService,
    BrokerConfig Broker,
    string DataDirectory,
    QueueConfig Queue,
    IReadOnlyList<DeviceConfig> Devices);

/// <summary>The MQTT broker and how the agent keeps its connection.</summary>
public sealed record BrokerConfig(
    string Host,
    int Port,
    TlsConfig Tls,
    TimeSpan KeepAlive,
    TimeSpan ConnectTimeout,
    TimeSpan ReconnectMin,
    TimeSpan ReconnectMax,
    TimeSpan SessionExpiry,
    TimeSpan CommandTimeout);

/// <summary>TLS to the broker: a private CA, a client certificate (PEM cert + key), or (test benches only) any certificate.</summary>
public sealed record TlsConfig(bool Enabled, string? CaFile, string? ClientCertificateFile, string? ClientKeyFile, bool AllowUntrusted);

/// <summary>The store-and-forward queue: its bounds, the drain rate of the backlog and the fsync period.</summary>
public sealed record QueueConfig(long MaxBytes, long MaxMessages, double DrainPerSecond, TimeSpan FsyncInterval);

/// <summary>One hardware device: the driver that reads it and the serial port it is on.</summary>
public sealed record DeviceConfig(string Key, string Id, ServiceKind Service, string Driver, SerialSettings Serial, IConfigurationSection Settings);
