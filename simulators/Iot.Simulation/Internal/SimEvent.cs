namespace Iot.Simulation.Internal;

internal enum SimEventKind
{
    Connect,
    Report,
    SunChange,
    CabinetSwitch,
    BinCollect,
    FaultStart,
    FaultEnd,
}

/// <summary>A scheduled action of the engine: what, on which index (agent, device, commune or fault), and an argument (generation, cycle).</summary>
internal readonly record struct SimEvent(SimEventKind Kind, int Target, int Arg);

/// <summary>A commune's sky and clock.</summary>
internal sealed class CommuneSim(Iot.City.Commune commune, TimeZoneInfo zone)
{
    public Iot.City.Commune Commune { get; } = commune;

    public TimeZoneInfo Zone { get; } = zone;

    public bool Dark { get; set; }

    public List<CabinetSim> Cabinets { get; } = [];
}
