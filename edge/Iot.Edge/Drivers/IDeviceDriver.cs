using Iot.Contracts;

namespace Iot.Edge.Drivers;

/// <summary>
/// Talks to one piece of hardware over one serial port and speaks for the devices behind it (a bus tracker for its
/// bus; a cabinet controller for its cabinet and each of its lamps). The agent owns the MQTT side: it stamps
/// <c>seq</c>, publishes, buffers while offline, and routes commands here.
/// </summary>
public interface IDeviceDriver : IAsyncDisposable
{
    /// <summary>The devices this driver publishes for.</summary>
    IReadOnlyList<DriverDevice> Devices { get; }

    /// <summary>
    /// Reads the hardware until cancelled and reports through <paramref name="sink"/>. A port that fails or vanishes
    /// is reopened with a backoff; only cancellation ends the loop.
    /// </summary>
    Task RunAsync(IReadingSink sink, CancellationToken cancellationToken);

    /// <summary>
    /// Executes <paramref name="command"/> addressed to <paramref name="deviceId"/> on the hardware. Expiry has already been
    /// checked by the agent. Returns a refusal (not an exception) for an unknown action or bad arguments.
    /// </summary>
    Task<CommandOutcome> ExecuteAsync(string deviceId, CommandPayload command, CancellationToken cancellationToken);
}

/// <summary>A device a driver speaks for: its id in topics and its service.</summary>
public sealed record DriverDevice(string DeviceId, ServiceKind Service);

/// <summary>The result of a command: <see cref="Error"/> is a short reason when <see cref="Ok"/> is false.</summary>
public sealed record CommandOutcome(bool Ok, string? Error)
{
    public static CommandOutcome Success { get; } = new(true, null);

    public static CommandOutcome Refused(string error) => new(false, error);
}

/// <summary>Where a driver reports. Calls must not block for long: the agent queues them.</summary>
public interface IReadingSink
{
    /// <summary>A set of metrics of one device, observed at <paramref name="tsMs"/> (Unix ms, UTC).</summary>
    void Telemetry(string deviceId, long tsMs, IReadOnlyList<MetricReading> metrics);

    /// <summary>A device event such as <c>lampFailure</c>; <paramref name="severity"/> is low, medium, high or critical.</summary>
    void Event(string deviceId, long tsMs, string type, string severity, string message);
}
