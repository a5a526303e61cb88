namespace Iot.Simulation.Scenarios;

/// <summary>What a scenario fault does; the JSON name is the camelCase form (<c>cabinetSupplyLoss</c>…).</summary>
public enum FaultKind
{
    /// <summary>A cabinet loses its mains supply: cabinet voltage ~0, all its lamps off. Targets: cabinets.</summary>
    CabinetSupplyLoss,

    /// <summary>A lamp fails: event <c>lampFailure</c>, <c>status</c> defectiveLamp, power ~0. Targets: streetlights.</summary>
    LampFailure,

    /// <summary>An agent goes away (<c>mode</c> clean: offline status + DISCONNECT; abrupt: socket dropped, Last Will). Targets: agents.</summary>
    AgentDisconnect,

    /// <summary>A bin fills up to <c>level</c> (default 0.9) and is not collected until the end. Targets: bins.</summary>
    BinFill,

    /// <summary>A bin overflows: fillingLevel 1.0 held for the duration. Targets: bins.</summary>
    BinOverflow,

    /// <summary>A bin burns: status burning, temperature above 70 °C, event <c>fire</c>. Targets: bins.</summary>
    BinFire,

    /// <summary>A bus breaks down (<c>mode</c> broken: serviceStatus broken; stalled: still onRoute but stationary). Targets: buses.</summary>
    BusBreakdown,

    /// <summary>A bus leaves its route by <c>distance</c> metres (default 300) and runs parallel to it. Targets: buses.</summary>
    BusOffRoute,

    /// <summary>A bus tracker stops publishing while its connection stays up. Targets: buses.</summary>
    TrackerSilence,
}
