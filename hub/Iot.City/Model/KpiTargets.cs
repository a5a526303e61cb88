namespace Iot.City;

/// <summary>
/// The indicator ids a contract may set a target for (its optional <c>targets</c> object in the city file). The hub's
/// indicators use the same ids; a target is the value the contract promises (a share 0..1, hours, or a count).
/// </summary>
public static class KpiTargets
{
    public const string Availability = "availability";
    public const string FaultRate = "fault_rate";
    public const string Mtta = "mtta";
    public const string Mttr = "mttr";
    public const string AckWithinSla = "ack_within_sla";
    public const string RepairWithinSla = "repair_within_sla";
    public const string BinOverflowRate = "bin_overflow_rate";
    public const string FleetAvailability = "fleet_availability";
    public const string ServiceInterruptions = "service_interruptions";
    public const string CitizenReports = "citizen_reports";
    public const string Satisfaction = "satisfaction";

    /// <summary>Every id, in the order the indicators are shown.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Availability, FaultRate, Mtta, Mttr, AckWithinSla, RepairWithinSla, BinOverflowRate, FleetAvailability,
        ServiceInterruptions, CitizenReports, Satisfaction,
    ];
}
