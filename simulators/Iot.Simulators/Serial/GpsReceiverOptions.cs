namespace Iot.Simulators.Serial;

/// <summary>
/// How the simulated receiver misbehaves. <see cref="Tunnels"/>: stretches of the route (metres from the first
/// terminus) where the fix is lost; <see cref="GarbageProbability"/>: chance per second of random bytes between
/// sentences; <see cref="BadChecksumProbability"/>: chance per sentence that a digit is corrupted after the checksum was
/// computed (a receiver must reject it). <see cref="Talker"/>: GP, GN, GL…
/// </summary>
public sealed record GpsReceiverOptions
{
    public string Talker { get; init; } = "GN";

    public int Seed { get; init; } = 1;

    public IReadOnlyList<(double From, double To)> Tunnels { get; init; } = [];

    public double GarbageProbability { get; init; } = 0.1;

    public double BadChecksumProbability { get; init; } = 0.05;

    /// <summary>Time between fixes in simulated time (1 Hz by default).</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(1);
}
