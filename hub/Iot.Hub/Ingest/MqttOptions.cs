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

    /// <summary>Outgoing messages queued per subscribed client before the oldest are dropped.</summary>
    [Range(1, 1_000_000)]
    public int MaxPendingMessagesPerClient { get; set; } = 1000;
}
