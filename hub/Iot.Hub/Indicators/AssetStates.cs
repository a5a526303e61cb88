namespace Iot.Hub.Indicators;

/// <summary>The states recorded in <c>asset_states</c>: the kind of interval and its values.</summary>
public static class AssetStates
{
    /// <summary>Kind of the availability intervals (every asset).</summary>
    public const string Availability = "avail";

    /// <summary>Kind of the fill intervals (waste bins only).</summary>
    public const string Fill = "fill";

    /// <summary>Working (availability) — data flows and no fault ticket is open.</summary>
    public const string Up = "up";

    /// <summary>Failed (availability) — a fault ticket of severity medium or above is open on it or on its cabinet.</summary>
    public const string Down = "down";

    /// <summary>No data: never heard since the hub started, its agent is offline, or it is silent. Counted as coverage loss.</summary>
    public const string Unknown = "unknown";

    /// <summary>Fill: at or above <c>Detection:Wastebin:OverflowLevel</c>.</summary>
    public const string Full = "full";

    /// <summary>Fill: below the overflow level.</summary>
    public const string NotFull = "ok";
}

/// <summary>One change of an asset's state, from <paramref name="StartMs"/> until the asset's next row of the same kind.</summary>
public sealed record AssetStateRow(string AssetId, string Kind, long StartMs, string State);
