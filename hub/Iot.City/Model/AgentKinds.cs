using Iot.Contracts;

namespace Iot.City;

/// <summary>The kinds of edge agent and the services each may speak for.</summary>
public static class AgentKinds
{
    /// <summary>A lighting cabinet controller: its cabinet and every lamp on it.</summary>
    public const string CabinetController = "cabinet-controller";

    /// <summary>A tracker on board one bus.</summary>
    public const string BusTracker = "bus-tracker";

    /// <summary>A radio gateway for a group of waste bin fill sensors.</summary>
    public const string BinGateway = "bin-gateway";

    public static IReadOnlyList<string> All { get; } = [CabinetController, BusTracker, BinGateway];

    /// <summary>Whether an agent of <paramref name="kind"/> may own an asset of <paramref name="service"/>.</summary>
    public static bool CanOwn(string kind, ServiceKind service) => kind switch
    {
        CabinetController => service is ServiceKind.Cabinet or ServiceKind.Streetlight,
        BusTracker => service is ServiceKind.Bus,
        BinGateway => service is ServiceKind.Wastebin,
        _ => false,
    };
}
