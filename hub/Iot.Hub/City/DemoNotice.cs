using Iot.Hub.Devices;
using Iot.Hub.Internal;
using Microsoft.Extensions.Options;

namespace Iot.Hub.City;

/// <summary>
/// Loads the registry at start (so a bad city file stops the hub at once, every mistake listed) and says plainly
/// that simulated traffic is not available yet.
/// </summary>
internal sealed class DemoNotice(DeviceRegistry registry, IOptions<CityOptions> city, IOptions<SimulationOptions> simulation, ILogger<DemoNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = registry.Devices.Count;
        if (city.Value.Demo && simulation.Value.Enabled)
        {
            Log.SimulatorMissing(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
