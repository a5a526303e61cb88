namespace Iot.Simulators.Serial;

/// <summary>
/// A cabinet with <see cref="Lamps"/> lamps at addresses 0..N-1, switched by an astronomical clock at
/// (<see cref="Latitude"/>, <see cref="Longitude"/>). Faults: <see cref="DeadLamps"/> never light (flag 01);
/// <see cref="FlickeringLamps"/> fail at random on a third of the reads; <see cref="GarbleProbability"/> corrupts a reply's checksum.
/// </summary>
public sealed record CabinetControllerOptions
{
    public int Lamps { get; init; } = 8;

    public double RatedPower { get; init; } = 60;

    public double Latitude { get; init; } = 43.70;

    public double Longitude { get; init; } = 7.25;

    public IReadOnlyList<int> DeadLamps { get; init; } = [];

    public IReadOnlyList<int> FlickeringLamps { get; init; } = [];

    public double GarbleProbability { get; init; }

    public int Seed { get; init; } = 1;
}
