namespace Iot.Simulation;

/// <summary>How a fleet run maps simulated time to the wire, and its randomness.</summary>
public sealed record FleetOptions
{
    /// <summary>Simulated seconds per wall-clock second (1 = real time). Between 0.01 and 100,000.</summary>
    public double Speed { get; init; } = 1;

    /// <summary>Seed of every random choice; the same city, scenario and seed give the same message sequence.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The wall-clock instant the run starts at (the anchor of every payload <c>ts</c>, see <see cref="SimulationClock"/>).</summary>
    public required DateTimeOffset WireStart { get; init; }

    /// <summary>The simulated instant at the start of the run (sun, service hours, local time); <see cref="WireStart"/> when null.</summary>
    public DateTimeOffset? SimulatedStart { get; init; }

    /// <summary>Firmware string of the simulated agents' status.</summary>
    public string Firmware { get; init; } = "fleet-sim-1";

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the option out of range.</summary>
    public void Validate()
    {
        if (!(Speed >= 0.01 && Speed <= 100_000))
        {
            throw new ArgumentOutOfRangeException(nameof(Speed), Speed, "Speed must be between 0.01 and 100000.");
        }
    }
}
