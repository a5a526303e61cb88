namespace Iot.Contracts;

/// <summary>Limits applied to incoming payloads.</summary>
public sealed record ValidationOptions
{
    public const int DefaultMaxPayloadBytes = 8 * 1024;

    public static ValidationOptions Default { get; } = new();

    public int MaxPayloadBytes { get; init; } = DefaultMaxPayloadBytes;

    /// <summary>How far in the future a <c>ts</c> may be (device clocks drift).</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How old a <c>ts</c> may be (store-and-forward replays older than this are refused).</summary>
    public TimeSpan Horizon { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Deepest JSON nesting accepted (telemetry needs 2; event data a few more).</summary>
    public int MaxDepth { get; init; } = 16;
}
