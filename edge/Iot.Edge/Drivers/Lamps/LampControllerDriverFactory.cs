using System.Text.RegularExpressions;
using Iot.Edge.Drivers.Internal;

namespace Iot.Edge.Drivers.Lamps;

/// <summary>Makes <see cref="LampControllerDriver"/>s (driver name <c>lamp-controller</c>).</summary>
public sealed partial class LampControllerDriverFactory : IDriverFactory
{
    public string Name => "lamp-controller";

    public IDeviceDriver Create(DriverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        SerialLink.Validate(context.Serial, context.DeviceId);
        var s = context.Settings;
        var poll = DriverSettings.TimeSpan(s, "PollInterval", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        var timeout = DriverSettings.TimeSpan(s, "ReplyTimeout", TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1));
        var attempts = DriverSettings.Int(s, "Attempts", 2, 1, 10);
        var lampsSection = s.GetSection("Lamps");
        var lamps = new List<LampBinding>();
        foreach (var lamp in lampsSection.GetChildren())
        {
            var id = lamp["Id"];
            if (string.IsNullOrWhiteSpace(id) || !DeviceId().IsMatch(id))
            {
                throw new EdgeConfigException($"{lamp.Path}:Id: '{id}' is not a device id ([A-Za-z0-9_-], 1-64 characters).");
            }

            var address = DriverSettings.Int(lamp, "Address", null, 0, 63);
            if (lamps.Any(l => l.Id == id) || id == context.DeviceId)
            {
                throw new EdgeConfigException($"{lamp.Path}:Id: '{id}' is used twice.");
            }

            if (lamps.Any(l => l.Address == address))
            {
                throw new EdgeConfigException($"{lamp.Path}:Address: {address} is used twice.");
            }

            lamps.Add(new LampBinding(id, address));
        }

        if (lamps.Count == 0)
        {
            throw new EdgeConfigException($"{lampsSection.Path} is required: a list of {{ Id, Address }}, one per lamp on the controller.");
        }

        return new LampControllerDriver(context, new LampControllerOptions(poll, timeout, attempts, lamps));
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex DeviceId();
}
