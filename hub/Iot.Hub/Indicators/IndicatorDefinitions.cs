using Iot.City;

namespace Iot.Hub.Indicators;

/// <summary>Names, units and definitions of the indicators (English; the dashboard and the reports translate names by id).</summary>
public static class IndicatorDefinitions
{
    public static IReadOnlyDictionary<string, (string Name, string Unit, string Definition)> All { get; } =
        new Dictionary<string, (string, string, string)>(StringComparer.Ordinal)
        {
            [KpiTargets.Availability] = ("Availability", "ratio",
                "Time the assets were up while their service was due (lamps and cabinets from sunset to sunrise, buses in their route's service hours, bins always), over the due time in which their state was known. Due time without data is unknown: it lowers the coverage, it is not counted as up."),
            [KpiTargets.FaultRate] = ("Fault rate", "per 100 assets",
                "Fault tickets opened in the period (severity medium or above, other than loss of data and route interruptions; tickets linked under a parent count once, as the parent) per 100 assets (mean number of assets over the period's days)."),
            [KpiTargets.Mtta] = ("Mean time to acknowledge", "h",
                "Mean time from opening to acknowledgement of the tickets acknowledged in the period (tickets not linked under a parent)."),
            [KpiTargets.Mttr] = ("Mean time to repair", "h",
                "Mean time from opening to resolution of the tickets resolved in the period (tickets not linked under a parent)."),
            [KpiTargets.AckWithinSla] = ("Acknowledged within SLA", "ratio",
                "Of the tickets whose acknowledge deadline fell in the period, the share acknowledged (or already resolved) by that deadline."),
            [KpiTargets.RepairWithinSla] = ("Repaired within SLA", "ratio",
                "Of the tickets whose repair deadline fell in the period, the share resolved by that deadline."),
            [KpiTargets.BinOverflowRate] = ("Bin overflow rate", "ratio",
                "Container-hours at or above full (Detection:Wastebin:OverflowLevel) over the container-hours whose fill level was known."),
            [KpiTargets.FleetAvailability] = ("Bus fleet availability", "ratio",
                "Bus-hours up in their route's service hours over the bus-hours in service hours whose state was known."),
            [KpiTargets.ServiceInterruptions] = ("Service interruptions", "count",
                "route_interruption tickets opened in the period (no bus of a route reporting for the headway factor × its headway in service hours); the denominator is the number of routes."),
            [KpiTargets.CitizenReports] = ("Citizen reports received", "count",
                "Citizen reports (Open311 service requests) received in the period."),
            [KpiTargets.Satisfaction] = ("Satisfaction", "rating 1-5",
                "Mean citizen rating of the reports closed in the period that were rated; coverage is the share of closed reports that were rated."),
        };
}
