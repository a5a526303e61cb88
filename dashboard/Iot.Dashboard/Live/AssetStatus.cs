namespace Iot.Dashboard.Live;

/// <summary>What the map shows for an asset. The numeric order is the severity order a cluster uses for its worst member.</summary>
public enum AssetStatus
{
    Ok = 0,
    Unknown = 1,
    Warning = 2,
    Offline = 3,
    Fault = 4,
}
