namespace Iot.Simulation.Scenarios;

/// <summary>
/// A scenario: timed faults played over a city (see <c>simulators/README.md</c>). With <see cref="Repeat"/>, the fault list
/// starts again every period, so a run left alone keeps showing faults.
/// </summary>
public sealed record Scenario(IReadOnlyList<ScenarioFault> Faults, TimeSpan? Repeat)
{
    /// <summary>No faults: the city runs normally.</summary>
    public static Scenario Empty { get; } = new([], null);
}
