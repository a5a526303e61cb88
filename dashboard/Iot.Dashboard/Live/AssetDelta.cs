namespace Iot.Dashboard.Live;

/// <summary>An asset whose <see cref="AssetState"/> changed; <paramref name="Index"/> is its place in the city's asset list.</summary>
public readonly record struct AssetDelta(int Index, AssetState State);
