using Iot.Edge.Drivers.Internal;

namespace Iot.Edge.Drivers.Nmea;

/// <summary>Makes <see cref="NmeaGpsDriver"/>s (driver name <c>nmea-gps</c>).</summary>
public sealed class NmeaGpsDriverFactory : IDriverFactory
{
    public string Name => "nmea-gps";

    public IDeviceDriver Create(DriverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        SerialLink.Validate(context.Serial, context.DeviceId);
        var interval = DriverSettings.TimeSpan(context.Settings, "PublishInterval", TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        return new NmeaGpsDriver(context, new NmeaGpsOptions(interval));
    }
}
