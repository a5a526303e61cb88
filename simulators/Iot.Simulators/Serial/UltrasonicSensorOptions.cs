namespace Iot.Simulators.Serial;

/// <summary>
/// A MaxBotix-style sensor in a bin lid: <see cref="BinHeight"/> and <see cref="SensorOffset"/> in metres (same meaning
/// as the driver's settings), a reading every <see cref="SamplePeriod"/> of simulated time, Gaussian noise of
/// <see cref="NoiseMm"/> and wild readings (echoes off a wall, a bag's edge) with <see cref="SpikeProbability"/>.
/// </summary>
public sealed record UltrasonicSensorOptions
{
    public double BinHeight { get; init; } = 1.0;

    public double SensorOffset { get; init; } = 0.15;

    public TimeSpan SamplePeriod { get; init; } = TimeSpan.FromSeconds(1);

    public double NoiseMm { get; init; } = 3;

    public double SpikeProbability { get; init; } = 0.04;

    public int Seed { get; init; } = 1;
}
