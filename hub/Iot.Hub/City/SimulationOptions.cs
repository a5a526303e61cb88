namespace Iot.Hub.City;

/// <summary>The <c>Simulation</c> configuration section: whether <c>--demo</c> plays simulated traffic.</summary>
public sealed class SimulationOptions
{
    public const string SectionName = "Simulation";

    public bool Enabled { get; set; } = true;
}
