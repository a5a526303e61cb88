using Iot.Hub.City;
using Iot.Hub.Internal;
using Iot.Hub.Simulation;

// In the hub's root namespace (not Iot.Hub.Simulation, its folder) so HubApplication registers it with one line and no using.
namespace Iot.Hub;

public static class SimulationExtensions
{
    /// <summary>Path of the shipped demo scenario, copied next to the hub's binaries.</summary>
    public static string DemoScenarioPath => Path.Combine(AppContext.BaseDirectory, "cities", "demo.scenario.json");

    /// <summary>The scenario file the demo plays: <c>Simulation:Scenario</c>, or the shipped demo scenario.</summary>
    public static string ScenarioPath(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.Scenario) ? DemoScenarioPath : options.Scenario;
    }

    /// <summary>The <c>Simulation</c> section and, with <c>--demo</c>, the in-process fleet simulator (<see cref="DemoFleet"/>).</summary>
    public static IServiceCollection AddSimulation(this IServiceCollection services)
    {
        services.AddOptions<SimulationOptions>()
            .BindConfiguration(SimulationOptions.SectionName)
            .ValidateSection(SimulationOptions.SectionName)
            .Validate(o => !o.Enabled || string.IsNullOrWhiteSpace(o.Scenario) || File.Exists(o.Scenario), "Simulation:Scenario names a file that does not exist.")
            .ValidateOnStart();
        services.AddHostedService<DemoFleet>();
        return services;
    }
}
