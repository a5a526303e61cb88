using Iot.Contracts;
using Iot.Hub.Devices;

namespace Iot.Hub.Detection;

/// <summary>One device and the last values the rules need, with the times its conditions began.</summary>
internal sealed class DeviceSubject(DeviceInfo info, AgentSubject agent, ServiceRules rules) : Subject
{
    public DeviceInfo Info { get; } = info;

    public override string Id => Info.Id;

    public AgentSubject Agent { get; } = agent;

    public ServiceRules Rules { get; } = rules;

    /// <summary>Silence is counted from here: the last message, the hub's start, or the agent's return.</summary>
    public long SilenceBaseMs { get; set; }

    public double? Battery { get; set; }

    public string? Status { get; set; }

    // Streetlight
    public CabinetGroup? Cabinet { get; set; }

    public double RatedPower { get; set; }

    public string? PowerState { get; set; }

    public double? Power { get; set; }

    public double? Level { get; set; }

    public double? Voltage { get; set; }

    public long LitChangedMs { get; set; }

    public long LowSinceMs { get; set; } = -1;

    public bool FaultEvent { get; set; }

    public bool Failing { get; set; }

    // Cabinet (the cabinet device owns its group)
    public CabinetGroup? Group { get; set; }

    // Wastebin
    public double? Fill { get; set; }

    public double? Temperature { get; set; }

    public long OverflowSinceMs { get; set; } = -1;

    public bool FireEvent { get; set; }

    // Bus
    public RouteSubject? Route { get; set; }

    public string? ServiceStatus { get; set; }

    public double? Longitude { get; set; }

    public double? Latitude { get; set; }

    public double? Speed { get; set; }

    public double AnchorLongitude { get; set; }

    public double AnchorLatitude { get; set; }

    public long StationarySinceMs { get; set; } = -1;

    public long OffRouteSinceMs { get; set; } = -1;

    public bool IsLit => PowerState is "on" or "low";
}

/// <summary>An edge agent: up, down (its devices unknown), or not heard from since the hub started.</summary>
internal sealed class AgentSubject(string id) : Subject
{
    public override string Id { get; } = id;

    public List<DeviceSubject> Devices { get; } = [];

    /// <summary>Heard from (status, connection or a device's message) since the hub started.</summary>
    public bool Seen { get; set; }

    /// <summary>Known to be offline: its devices are unknown.</summary>
    public bool Down { get; set; }

    /// <summary>An abrupt loss waiting out the settle time (its time), or -1.</summary>
    public long AbruptSinceMs { get; set; } = -1;

    /// <summary>A clean disconnect waiting out the grace time (its time), or -1.</summary>
    public long CleanSinceMs { get; set; } = -1;

    public ServiceKind Service { get; set; }

    public string Commune { get; set; } = "";

    public double Longitude { get; set; }

    public double Latitude { get; set; }
}

/// <summary>A cabinet and the lamps it feeds: the group whose supply loss covers its lamps' problems.</summary>
internal sealed class CabinetGroup(DeviceSubject cabinet, CabinetRules rules)
{
    public DeviceSubject Cabinet { get; } = cabinet;

    public CabinetRules Rules { get; } = rules;

    public List<DeviceSubject> Lamps { get; } = [];

    /// <summary>Lamps failing now and when each started failing.</summary>
    public Dictionary<DeviceSubject, long> Failing { get; } = [];

    public bool SupplyEvent { get; set; }

    public bool MassFailure { get; set; }

    public string Key => $"{Tickets.RuleNames.CabinetSupplyLoss}:{Cabinet.Id}";

    public bool Raised => Cabinet.Raised.ContainsKey(Tickets.RuleNames.CabinetSupplyLoss);
}

/// <summary>A bus route: its service hours, its shape in metres, and when one of its buses last reported.</summary>
internal sealed class RouteSubject(string id, ServiceCalendar calendar, RouteGeometry geometry, BusRules rules, string commune) : Subject
{
    public override string Id { get; } = id;

    public ServiceCalendar Calendar { get; } = calendar;

    public RouteGeometry Geometry { get; } = geometry;

    public BusRules Rules { get; } = rules;

    public string Commune { get; } = commune;

    public long LastReportMs { get; set; } = -1;
}
