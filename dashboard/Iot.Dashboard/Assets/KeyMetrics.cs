using Iot.Contracts;

namespace Iot.Dashboard.Assets;

/// <summary>
/// The metric the side panel charts over 24 h for each service: what tells a technician at a glance whether the asset
/// did its job. Lamps: <c>powerConsumption</c> (W; shows on/off, dimming and a dead lamp drawing nothing — the wire
/// contract has no <c>dimLevel</c>); cabinets: <c>voltage</c> (V; a supply loss); bins: <c>fillingLevel</c> (0..1, shown
/// in %); buses: <c>speed</c> (km/h).
/// </summary>
public static class KeyMetrics
{
    public static KeyMetric For(ServiceKind service) => service switch
    {
        ServiceKind.Streetlight => new("powerConsumption", "W", 1),
        ServiceKind.Cabinet => new("voltage", "V", 1),
        ServiceKind.Wastebin => new("fillingLevel", "%", 100),
        _ => new("speed", "km/h", 1),
    };
}

/// <summary>A metric name, the unit it is shown in and the factor from stored value to shown value (fractions → %).</summary>
public sealed record KeyMetric(string Name, string Unit, double Scale);
