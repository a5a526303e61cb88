namespace Iot.Dashboard.Live;

/// <summary>The live part of an asset on the map: its status and where it is (buses move).</summary>
public readonly record struct AssetState(AssetStatus Status, double Latitude, double Longitude);
