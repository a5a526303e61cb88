using System.ComponentModel.DataAnnotations;

namespace Iot.Hub.City;

/// <summary>
/// The <c>Simulation</c> configuration section: whether <c>--demo</c> plays the simulated city (the fleet simulator,
/// in-process against the embedded broker) and how.
/// </summary>
public sealed class SimulationOptions
{
    public const string SectionName = "Simulation";

    public bool Enabled { get; set; } = true;

    /// <summary>Simulated seconds per second. At 1 the simulated sun and service hours agree with the hub's clock.</summary>
    [Range(0.01, 100_000)]
    public double Speed { get; set; } = 1;

    /// <summary>Seed of the simulation's random choices: the same seed plays the same city.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Scenario file of timed faults; empty for the shipped <c>cities/demo.scenario.json</c>.</summary>
    public string? Scenario { get; set; }

    /// <summary>The simulated start instant (sun, service hours), e.g. <c>2026-06-21T19:30:00Z</c> to start at dusk; empty for now.</summary>
    public DateTimeOffset? Start { get; set; }
}
