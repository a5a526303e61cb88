namespace Iot.Dashboard.Live;

/// <summary>What the side panel shows of one asset beyond its registry data.</summary>
/// <param name="AgentOnline">Whether the asset's edge agent is connected; null when it was never seen.</param>
/// <param name="LastSeenMs">Hub time of the asset's last message (Unix ms), 0 when never seen.</param>
/// <param name="OpenTickets">Unresolved tickets on the asset.</param>
public sealed record AssetDetails(
    AssetState State,
    bool? AgentOnline,
    long LastSeenMs,
    int OpenTickets,
    IReadOnlyList<AssetReading> Readings);
