namespace Iot.Simulation.Mqtt;

/// <summary>Where and how the simulated agents connect.</summary>
public sealed record MqttFleetSinkOptions
{
    public required string Host { get; init; }

    public required int Port { get; init; }

    /// <summary>An agent's secret (its MQTT password), or null to connect without one (a broker that allows it).</summary>
    public Func<string, string?> Secret { get; init; } = _ => null;

    /// <summary>Connections opened at once; the rest wait, so a fleet of thousands does not storm the broker.</summary>
    public int MaxConcurrentConnects { get; init; } = 32;

    /// <summary>Messages waiting per agent before new ones are dropped (and counted) because the broker is not keeping up.</summary>
    public int MaxQueuedPerAgent { get; init; } = 20_000;

    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between connect attempts of one agent (the backoff doubles up to it, with jitter).</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);
}
