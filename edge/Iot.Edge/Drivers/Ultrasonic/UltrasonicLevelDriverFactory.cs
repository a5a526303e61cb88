using Iot.Edge.Drivers.Internal;

namespace Iot.Edge.Drivers.Ultrasonic;

/// <summary>Makes <see cref="UltrasonicLevelDriver"/>s (driver name <c>ultrasonic-level</c>).</summary>
public sealed class UltrasonicLevelDriverFactory : IDriverFactory
{
    public string Name => "ultrasonic-level";

    public IDeviceDriver Create(DriverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        SerialLink.Validate(context.Serial, context.DeviceId);
        var s = context.Settings;
        var height = DriverSettings.Double(s, "BinHeight", null, 0.1, 5);
        var offset = DriverSettings.Double(s, "SensorOffset", 0, 0, 2);
        var window = DriverSettings.Int(s, "MedianWindow", 5, 1, 99);
        if (window % 2 == 0)
        {
            throw new EdgeConfigException($"{DriverSettings.Key(s, "MedianWindow")}: {window} must be odd so that the median is a sample.");
        }

        var interval = DriverSettings.TimeSpan(s, "PublishInterval", TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(24));
        return new UltrasonicLevelDriver(context, new UltrasonicLevelOptions(height, offset, window, interval));
    }
}
