using Iot.City;
using Iot.Contracts;

namespace Iot.Simulation.Internal;

// The engine's mutable state, one class per kind of thing it plays. Internal plumbing, kept together.

/// <summary>An edge agent: its devices, its connection state and session counter.</summary>
internal sealed class AgentSim(Agent agent, int index, ServiceKind service)
{
    public Agent Agent { get; } = agent;

    public int Index { get; } = index;

    public string Id => Agent.Id;

    public string StatusTopic { get; } = Topics.Format(agent.CommuneId, service, agent.Id, MessageKind.Status);

    public List<DeviceSim> Devices { get; } = [];

    public bool Connected { get; set; }

    /// <summary>Scenario disconnects in force (overlapping ones count).</summary>
    public int Disconnects { get; set; }

    public long Session { get; set; }

    public int Commune { get; set; }
}

/// <summary>What every simulated device has: ids, topics, its own random stream and its seq counter.</summary>
internal abstract class DeviceSim(Asset asset, int index, AgentSim agent, int seed)
{
    public Asset Asset { get; } = asset;

    public int Index { get; } = index;

    public string Id => Asset.Id;

    public AgentSim Agent { get; } = agent;

    public string TelemetryTopic { get; } = Topics.Format(asset.CommuneId, asset.Service, asset.Id, MessageKind.Telemetry);

    public string EventTopic => Topics.Format(Asset.CommuneId, Asset.Service, Asset.Id, MessageKind.Event);

    public string AckTopic => Topics.Format(Asset.CommuneId, Asset.Service, Asset.Id, MessageKind.CmdAck);

    public string CommandTopic => Topics.Format(Asset.CommuneId, Asset.Service, Asset.Id, MessageKind.Cmd);

    /// <summary>Seeded from the run's seed and the device id, so a device's values do not depend on the order of others.</summary>
    public Random Random { get; } = new(StableHash.Of(asset.Id, seed));

    public long Seq { get; set; }

    /// <summary>Bumped when the report chain is restarted; a scheduled report of an older generation is stale.</summary>
    public int Generation { get; set; }
}

internal sealed class LampSim(Asset asset, int index, AgentSim agent, int seed) : DeviceSim(asset, index, agent, seed)
{
    public double RatedPower { get; } = asset.FindModelValue("ratedPower") ?? 60;

    public CabinetSim? Cabinet { get; set; }

    /// <summary>Due on by the astronomical clock (the cabinet switches it).</summary>
    public bool Scheduled { get; set; }

    /// <summary>A command's switch state until the next sun change; null for automatic.</summary>
    public bool? Manual { get; set; }

    public double Level { get; set; } = 1.0;

    public int Failed { get; set; }

    public double EnergyKwh { get; set; }

    public double Hours { get; set; }

    public long AccountedMs { get; set; }

    public bool Supplied => Cabinet is not { SupplyLost: > 0 };

    public bool Commanded => Manual ?? Scheduled;

    public bool Lit => Supplied && Commanded && Failed == 0;
}

internal sealed class CabinetSim(Asset asset, int index, AgentSim agent, int seed) : DeviceSim(asset, index, agent, seed)
{
    public List<LampSim> Lamps { get; } = [];

    public int SupplyLost { get; set; }

    public double EnergyKwh { get; set; }

    public bool Manual { get; set; }
}

internal sealed class BinSim(Asset asset, int index, AgentSim agent, int seed) : DeviceSim(asset, index, agent, seed)
{
    public double Level { get; set; }

    /// <summary>Filling per simulated hour.</summary>
    public double RatePerHour { get; set; }

    public long LevelAtMs { get; set; }

    public double Battery { get; set; }

    public int Overflow { get; set; }

    public int Fire { get; set; }

    public int Fill { get; set; }

    public double FillTo { get; set; }

    public long FireSinceMs { get; set; }

    public long CollectionPhaseMs { get; set; }
}

internal enum BusMode
{
    Parked,
    Driving,
    Dwelling,
    Layover,
}

internal sealed class BusSim(Asset asset, int index, AgentSim agent, int seed) : DeviceSim(asset, index, agent, seed)
{
    public required BusRoute Route { get; init; }

    public required RouteTrack Track { get; init; }

    /// <summary>Position of the bus among the buses of its route (0-based): departures are one headway apart.</summary>
    public int Rank { get; set; }

    public BusMode Mode { get; set; }

    public double Distance { get; set; }

    public bool Forward { get; set; } = true;

    public double SpeedKmh { get; set; }

    public double CruiseKmh { get; set; }

    public long WaitUntilMs { get; set; }

    public int Trip { get; set; }

    public double Occupancy { get; set; }

    public int Broken { get; set; }

    public int Stalled { get; set; }

    public int Silent { get; set; }

    public int OffRoute { get; set; }

    public double OffRouteMetres { get; set; }

    public long LastTickMs { get; set; }
}
