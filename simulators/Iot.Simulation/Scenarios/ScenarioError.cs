namespace Iot.Simulation.Scenarios;

/// <summary>One mistake in a scenario file: the JSON path (<c>$.faults[2].targets[0]</c>) and what is wrong there.</summary>
public sealed record ScenarioError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
