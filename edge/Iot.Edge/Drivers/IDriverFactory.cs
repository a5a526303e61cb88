using Microsoft.Extensions.Configuration;

namespace Iot.Edge.Drivers;

/// <summary>Makes drivers of one kind (<see cref="Name"/>: <c>nmea-gps</c>, <c>ultrasonic-level</c>, <c>lamp-controller</c>).</summary>
public interface IDriverFactory
{
    string Name { get; }

    /// <summary>
    /// Builds a driver from its device section of the agent's config file. Throws <see cref="EdgeConfigException"/>
    /// naming the full key of a missing or bad setting.
    /// </summary>
    IDeviceDriver Create(DriverContext context);
}

/// <summary>
/// What a driver is built from: the device's id and service, its serial settings, its driver-specific
/// <see cref="Settings"/> section (for example <c>Devices:0:Settings</c>), the clock and the loggers.
/// </summary>
public sealed record DriverContext(
    string DeviceId,
    Iot.Contracts.ServiceKind Service,
    SerialSettings Serial,
    IConfigurationSection Settings,
    TimeProvider Time,
    Microsoft.Extensions.Logging.ILoggerFactory Loggers);

/// <summary>Serial port settings; the defaults are 9600 8N1.</summary>
public sealed record SerialSettings(string Port, int BaudRate = 9600, int DataBits = 8, string Parity = "None", string StopBits = "One");

/// <summary>A bad agent config: the message names the key.</summary>
public sealed class EdgeConfigException(string message) : Exception(message);
