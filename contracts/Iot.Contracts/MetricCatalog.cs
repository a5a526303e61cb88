namespace Iot.Contracts;

/// <summary>
/// The known metrics per service, named after the FIWARE Smart Data Models. Fractions are 0..1 everywhere.
/// Metrics not listed here are stored as they come and reported in the device's diagnostics.
/// </summary>
public static class MetricCatalog
{
    private static readonly MetricSpec[] Any =
    [
        MetricSpec.Fraction("batteryLevel"),
        MetricSpec.Number("rssi", -200, 50, "dBm"),
    ];

    private static readonly MetricSpec[] Streetlight =
    [
        MetricSpec.Enum("powerState", "on", "off", "low"),
        MetricSpec.Fraction("illuminanceLevel"),
        MetricSpec.Number("powerConsumption", 0, 100_000, "W"),
        MetricSpec.Number("voltage", 0, 1_000, "V"),
        MetricSpec.Number("current", 0, 1_000, "A"),
        MetricSpec.Number("activeEnergy", 0, double.MaxValue, "kWh"),
        MetricSpec.Number("operatingHours", 0, double.MaxValue, "h"),
        MetricSpec.Enum("status", "ok", "defectiveLamp", "brokenLantern", "columnIssue"),
    ];

    private static readonly MetricSpec[] Cabinet =
    [
        MetricSpec.Enum("powerState", "on", "off", "low"),
        MetricSpec.Number("voltage", 0, 1_000, "V"),
        MetricSpec.Number("totalActivePower", 0, 10_000_000, "W"),
        MetricSpec.Number("energyConsumed", 0, double.MaxValue, "kWh"),
        MetricSpec.Bool("doorOpen"),
        MetricSpec.Enum("workingMode", "automatic", "manual", "semiautomatic"),
    ];

    private static readonly MetricSpec[] Wastebin =
    [
        MetricSpec.Fraction("fillingLevel"),
        MetricSpec.Number("temperature", -60, 1_000, "°C"),
        MetricSpec.Enum("status", "ok", "lidOpen", "dropped", "moved", "vandalized", "burning"),
    ];

    private static readonly MetricSpec[] Bus =
    [
        MetricSpec.Number("lat", -90, 90, "deg"),
        MetricSpec.Number("lon", -180, 180, "deg"),
        MetricSpec.Number("speed", 0, 400, "km/h"),
        MetricSpec.Number("heading", 0, 360, "deg"),
        MetricSpec.Enum("serviceStatus", "parked", "onRoute", "broken", "outOfService"),
        MetricSpec.Text("routeId"),
        MetricSpec.Text("tripId"),
        MetricSpec.Fraction("occupancy"),
    ];

    private static readonly MetricSpec[][] ByService =
    [
        [.. Streetlight, .. Any],
        [.. Cabinet, .. Any],
        [.. Wastebin, .. Any],
        [.. Bus, .. Any],
    ];

    /// <summary>Every metric known for <paramref name="service"/>, service-specific first.</summary>
    public static IReadOnlyList<MetricSpec> For(ServiceKind service) => ByService[(int)service];

    public static MetricSpec? Find(ServiceKind service, string name)
    {
        foreach (var spec in ByService[(int)service])
        {
            if (spec.Name == name)
            {
                return spec;
            }
        }

        return null;
    }

    internal static MetricSpec? Find(ServiceKind service, ReadOnlySpan<byte> utf8Name)
    {
        foreach (var spec in ByService[(int)service])
        {
            if (utf8Name.SequenceEqual(spec.Utf8Name))
            {
                return spec;
            }
        }

        return null;
    }
}
