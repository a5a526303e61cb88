using System.ComponentModel.DataAnnotations;

namespace Iot.Hub.Detection;

/// <summary>
/// The <c>Detection</c> section: defaults per service, overridable per contract under
/// <c>Detection:Contracts:{contractId}:{Service}:{Key}</c> (a contract section starts from the service defaults).
/// Every key and default is listed in Detection/README.md.
/// </summary>
public sealed class DetectionOptions
{
    public const string SectionName = "Detection";

    /// <summary>Turns the outage rules off entirely (they are on by default).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>After a clean disconnect (MQTT DISCONNECT), the agent's comm_lost is raised only if it is not back within this time.</summary>
    [Range(0, 86_400)]
    public int CleanDisconnectGraceSeconds { get; set; } = 300;

    /// <summary>
    /// An abrupt loss waits this long for a clean DISCONNECT of the same agent before it is raised: an agent's own offline
    /// status (its goodbye) reaches the rules as abrupt, a moment before its DISCONNECT.
    /// </summary>
    [Range(0, 10_000)]
    public int AbruptSettleMilliseconds { get; set; } = 300;

    public StreetlightRules Streetlight { get; set; } = new();

    public CabinetRules Cabinet { get; set; } = new();

    public WastebinRules Wastebin { get; set; } = new();

    public BusRules Bus { get; set; } = new();

    /// <summary>Per contract overrides, keyed by contract id; filled from configuration over the service defaults.</summary>
    public Dictionary<string, ContractRules> Contracts { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Rules shared by every service: how often a device is due to report and how many intervals make it silent.</summary>
public abstract class ServiceRules
{
    /// <summary>Seconds between two reports of a healthy device.</summary>
    [Range(1, 7 * 86_400)]
    public int ExpectedIntervalSeconds { get; set; }

    /// <summary>A device is silent after <see cref="ExpectedIntervalSeconds"/> × this factor without a message.</summary>
    [Range(1.0, 100.0)]
    public double SilenceFactor { get; set; } = 3;

    /// <summary>A <c>batteryLevel</c> under this fraction raises low_battery.</summary>
    [Range(0.0, 1.0)]
    public double LowBattery { get; set; } = 0.15;

    public long SilenceWindowMs => (long)(ExpectedIntervalSeconds * SilenceFactor * 1000);
}

public sealed class StreetlightRules : ServiceRules
{
    public StreetlightRules() => ExpectedIntervalSeconds = 900;

    /// <summary>Minutes after sunset at which lamps are due on (negative: before).</summary>
    [Range(-180, 180)]
    public int SunsetOffsetMinutes { get; set; } = 10;

    /// <summary>Minutes after sunrise at which lamps are due off (negative: before).</summary>
    [Range(-180, 180)]
    public int SunriseOffsetMinutes { get; set; } = -10;

    /// <summary>A lit lamp drawing under this share of its rated power (times its dim level) is failing.</summary>
    [Range(0.0, 1.0)]
    public double LowPowerRatio { get; set; } = 0.5;

    /// <summary>Minutes a lamp must stay off in the dark, or under-powered, before lamp_out_at_night / lamp_low_power.</summary>
    [Range(0, 1440)]
    public int FailureMinutes { get; set; } = 10;

    /// <summary>Minutes a lamp may stay lit in daylight before day_burning.</summary>
    [Range(0, 1440)]
    public int DayBurningMinutes { get; set; } = 30;

    /// <summary>Rated power (W) used for lamps whose model states none.</summary>
    [Range(1.0, 10_000.0)]
    public double DefaultRatedPower { get; set; } = 60;

    public StreetlightRules Clone() => (StreetlightRules)MemberwiseClone();
}

public sealed class CabinetRules : ServiceRules
{
    public CabinetRules() => ExpectedIntervalSeconds = 300;

    /// <summary>A cabinet voltage at or under this (V) is a supply loss.</summary>
    [Range(0.0, 400.0)]
    public double SupplyLossVoltage { get; set; } = 20;

    /// <summary>This share of a cabinet's lamps starting to fail within <see cref="LampFailureWindowSeconds"/> is a supply loss.</summary>
    [Range(0.01, 1.0)]
    public double LampFailureShare { get; set; } = 0.5;

    [Range(1, 3600)]
    public int LampFailureWindowSeconds { get; set; } = 180;

    public CabinetRules Clone() => (CabinetRules)MemberwiseClone();
}

public sealed class WastebinRules : ServiceRules
{
    public WastebinRules() => ExpectedIntervalSeconds = 10_800;

    [Range(0.0, 2.0)]
    public double CollectionLevel { get; set; } = 0.8;

    [Range(0.0, 2.0)]
    public double OverflowLevel { get; set; } = 1.0;

    /// <summary>Minutes at or above <see cref="OverflowLevel"/> before bin_overflow.</summary>
    [Range(0, 10_080)]
    public int OverflowMinutes { get; set; } = 120;

    /// <summary>A temperature above this (°C) is a fire.</summary>
    [Range(-50.0, 500.0)]
    public double FireTemperature { get; set; } = 70;

    public WastebinRules Clone() => (WastebinRules)MemberwiseClone();
}

public sealed class BusRules : ServiceRules
{
    public BusRules() => ExpectedIntervalSeconds = 60;

    /// <summary>Minutes stationary in service away from a terminus or the depot before bus_breakdown.</summary>
    [Range(1, 1440)]
    public int StationaryMinutes { get; set; } = 10;

    /// <summary>A bus that moved less than this (m) and is under 3 km/h counts as stationary.</summary>
    [Range(1.0, 1000.0)]
    public double StationaryRadiusMeters { get; set; } = 30;

    /// <summary>Within this distance (m) of a terminus or the depot a stop is a layover, not a breakdown.</summary>
    [Range(1.0, 5000.0)]
    public double TerminusRadiusMeters { get; set; } = 150;

    [Range(1.0, 10_000.0)]
    public double OffRouteMeters { get; set; } = 150;

    [Range(0, 1440)]
    public int OffRouteMinutes { get; set; } = 2;

    /// <summary>A route with no bus reporting for this many headways, in service hours, is interrupted.</summary>
    [Range(1.0, 100.0)]
    public double HeadwayFactor { get; set; } = 2;

    public BusRules Clone() => (BusRules)MemberwiseClone();
}

/// <summary>One contract's rules: the service defaults with the contract's own keys bound over them.</summary>
public sealed class ContractRules
{
    public StreetlightRules Streetlight { get; set; } = new();

    public CabinetRules Cabinet { get; set; } = new();

    public WastebinRules Wastebin { get; set; } = new();

    public BusRules Bus { get; set; } = new();
}
