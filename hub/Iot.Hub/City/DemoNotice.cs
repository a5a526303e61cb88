using Iot.Hub.Devices;
using Iot.Hub.Internal;
using Microsoft.Extensions.Options;

namespace Iot.Hub.City;

/// <summary>
/// Loads the registry at start (so a bad city file stops the hub at once, every mistake listed) and says whether the
/// demo's simulated city runs.
/// </summary>
internal sealed class DemoNotice(DeviceRegistry registry, IOptions<CityOptions> city, IOptions<SimulationOptions> simulation, ILogger<DemoNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = registry.Devices.Count;
        var options = simulation.Value;
        if (city.Value.Demo && options.Enabled)
        {
            Log.SimulatedCityRuns(logger, registry.City.Agents.Count, options.Speed, options.Seed, SimulationExtensions.ScenarioPath(options));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
