using System.ComponentModel.DataAnnotations;

namespace Iot.Hub.Ingest;

public enum MqttMode
{
    Embedded,
    External,
}

/// <summary>The <c>Mqtt</c> configuration section.</summary>
public sealed class MqttOptions
{
    public const string SectionName = "Mqtt";

    /// <summary><c>Embedded</c> (the default): the hub is the broker. <c>External</c>: the hub is a client of another broker.</summary>
    public MqttMode Mode { get; set; } = MqttMode.Embedded;

    /// <summary>TCP port of the embedded broker (or of the external broker).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 1883;

    /// <summary>Address the embedded broker listens on.</summary>
    [Required]
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Outgoing messages queued per subscribed client before the oldest are dropped (embedded broker).</summary>
    [Range(1, 1_000_000)]
    public int MaxPendingMessagesPerClient { get; set; } = 1000;

    /// <summary>External mode: host name or address of the broker.</summary>
    public string? Host { get; set; }

    /// <summary>External mode: user name of the hub's account on the broker (none: connect anonymously).</summary>
    public string? Username { get; set; }

    /// <summary>External mode: password of the hub's account.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// External mode: the hub's client id. The broker keeps the hub's session under this id while the hub is away, so
    /// it must stay the same across restarts, and differ between hub instances.
    /// </summary>
    public string ClientId { get; set; } = "iot-hub";

    /// <summary>
    /// External mode: when set, the hub subscribes through the MQTT 5 shared subscription <c>$share/{SharedGroup}/…</c>
    /// so several hub instances split the traffic.
    /// </summary>
    public string? SharedGroup { get; set; }

    /// <summary>
    /// External mode: how long the broker keeps the hub's session (its subscriptions and the QoS 1 messages that
    /// arrive meanwhile) after the hub disconnects. The default is one week.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int SessionExpirySeconds { get; set; } = 7 * 24 * 3600;

    /// <summary>
    /// External mode: most QoS 1 messages the broker may send before the hub acknowledges them (MQTT 5 Receive Maximum).
    /// The hub acknowledges a message only once it is queued, so this bounds what is in flight while the queue is full.
    /// 65535 (the MQTT maximum) by default: with 100 or 1000, a hub with a backlog behind Debian's mosquitto 2.0.11 was
    /// fed only ~200 msg/s and never caught up (bench/RESULTS.md); the root cause was not pinned down. The price is the
    /// memory bound: up to this many unacknowledged messages may wait inside the MQTT client.
    /// </summary>
    [Range(1, 65535)]
    public int ReceiveMaximum { get; set; } = 65535;

    /// <summary>External mode: MQTT keep-alive period in seconds.</summary>
    [Range(1, 65535)]
    public int KeepAliveSeconds { get; set; } = 30;

    /// <summary>External mode: longest wait between reconnect attempts, in seconds (the backoff doubles up to it).</summary>
    [Range(1, 3600)]
    public int ReconnectMaxDelaySeconds { get; set; } = 30;

    /// <summary>External mode: TLS to the broker.</summary>
    public MqttTlsOptions Tls { get; set; } = new();
}
