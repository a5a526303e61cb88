using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Iot.Edge.Drivers.Internal;

/// <summary>Reads a driver's <c>Settings</c> section; every error names the full key (for example <c>Devices:0:Settings:MedianWindow</c>).</summary>
internal static class DriverSettings
{
    public static string Key(IConfigurationSection section, string name) => section.Path + ":" + name;

    public static TimeSpan TimeSpan(IConfigurationSection section, string name, TimeSpan fallback, TimeSpan min, TimeSpan max)
    {
        var raw = section[name];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (!System.TimeSpan.TryParse(raw, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new EdgeConfigException($"{Key(section, name)}: '{raw}' is not a duration between {min:c} and {max:c} (format hh:mm:ss[.fff]).");
        }

        return value;
    }

    public static int Int(IConfigurationSection section, string name, int? fallback, int min, int max)
    {
        var raw = section[name];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback ?? throw new EdgeConfigException($"{Key(section, name)} is required (an integer between {min} and {max}).");
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new EdgeConfigException($"{Key(section, name)}: '{raw}' is not an integer between {min} and {max}.");
        }

        return value;
    }

    public static double Double(IConfigurationSection section, string name, double? fallback, double min, double max)
    {
        var raw = section[name];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback ?? throw new EdgeConfigException($"{Key(section, name)} is required (a number between {min} and {max}).");
        }

        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value) || value < min || value > max)
        {
            throw new EdgeConfigException($"{Key(section, name)}: '{raw}' is not a number between {min} and {max}.");
        }

        return value;
    }
}
