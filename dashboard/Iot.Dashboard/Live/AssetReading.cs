namespace Iot.Dashboard.Live;

/// <summary>The last value of one metric of an asset, formatted by the hub; <paramref name="Ts"/> is the device time (Unix ms).</summary>
public sealed record AssetReading(string Metric, string Value, long Ts);
