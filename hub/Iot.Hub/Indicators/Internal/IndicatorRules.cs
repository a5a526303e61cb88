using Iot.City;
using Iot.Hub.Tickets;

namespace Iot.Hub.Indicators.Internal;

/// <summary>Which tickets count as what in the indicators.</summary>
internal static class IndicatorRules
{
    /// <summary>
    /// A fault: a ticket of severity medium or above that says the service failed, not that data is missing
    /// (comm_lost, device_silent, bus_silent make the asset unknown) nor that a whole route is interrupted (counted apart).
    /// </summary>
    public static bool IsFault(string rule, string severity) =>
        severity is SlaSeverities.Medium or SlaSeverities.High or SlaSeverities.Critical
        && rule is not (RuleNames.CommLost or RuleNames.DeviceSilent or RuleNames.BusSilent or RuleNames.RouteInterruption);
}
