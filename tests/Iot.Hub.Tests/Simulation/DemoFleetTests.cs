using Iot.Hub.Devices;
using Iot.Testing;
using Iot.Testing.Hosting;

namespace Iot.Hub.Tests.Simulation;

/// <summary><c>hub --demo</c> with the simulation on: the in-process fleet feeds the hub through the embedded broker.</summary>
public sealed class DemoFleetTests
{
    [Fact]
    public async Task Demo_WithSimulationEnabled_DevicesShowFreshValuesFromTheInProcessFleet()
    {
        var started = DateTimeOffset.UtcNow;
        await using var hub = await HubInstance.StartAsync(["--Simulation:Enabled=true", "--Simulation:Seed=4"]);

        // A lamp, a cabinet, a bin and a bus of the demo commune: their birth readings arrive once their agent connects.
        foreach (var id in new[] { "LAMP-001-01", "CAB-001", "BIN-0001", "BUS-01" })
        {
            await Poll.UntilAsync(async () =>
            {
                var device = await hub.GetAsync<DeviceDto>($"/api/devices/{id}");
                return device.Online && device.Metrics.Count > 0 && device.Metrics.Values.All(m => m.Ts >= started.AddSeconds(-1));
            }, TimeSpan.FromSeconds(60), $"fresh telemetry of {id} from the simulated city");
        }

        var bus = await hub.GetAsync<DeviceDto>("/api/devices/BUS-01");
        Assert.Contains("lat", bus.Metrics.Keys);
        Assert.Contains("serviceStatus", bus.Metrics.Keys);
        Assert.Equal(0, bus.Diagnostics!.Rejected);
        var devices = hub.Registry.Devices.Count;
        await Poll.UntilAsync(() => hub.Stats.Accepted >= devices, TimeSpan.FromSeconds(60), $"the birth readings of all {devices} devices accepted");
        Assert.Equal(0, hub.Stats.RejectedTotal);
    }

    [Fact]
    public async Task Demo_DefaultScenario_FaultsOfEachKindReachTheHubWithinItsFirstMinutes()
    {
        // At speed 60 the scenario's first six simulated minutes take six seconds.
        await using var hub = await HubInstance.StartAsync(["--Simulation:Enabled=true", "--Simulation:Speed=60"]);
        var gatewayBin = hub.Registry.Devices.First(d => d.Agent == "GW-05").Id;

        async Task Until(string id, Func<DeviceDto, bool> condition, string what) =>
            await Poll.UntilAsync(async () => condition(await hub.GetAsync<DeviceDto>($"/api/devices/{id}")), TimeSpan.FromSeconds(60), what);
        static string? Text(DeviceDto d, string metric) => d.Metrics.TryGetValue(metric, out var m) ? m.Value.ToString() : null;

        await Until("LAMP-003-05", d => Text(d, "status") == "defectiveLamp", "the lamp failure");
        await Until("CAB-007", d => Text(d, "powerState") == "off" && d.Metrics["voltage"].Value.ToString() is { } v && double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) < 5, "the cabinet supply loss");
        await Until("BIN-0007", d => Text(d, "fillingLevel") == "1", "the bin overflow");
        await Until("BIN-0150", d => Text(d, "status") == "burning", "the bin fire");
        await Until("BUS-03", d => Text(d, "serviceStatus") == "broken", "the bus breakdown");
        await Until(gatewayBin, d => !d.Online, "the abrupt disconnect of GW-05 (its Last Will)");
        await Until(gatewayBin, d => d.Online, "GW-05 back after the fault");
    }

    [Fact]
    public async Task Demo_WithABadScenarioFile_FailsAtStartNamingTheJsonPath()
    {
        var file = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.scenario.json");
        await File.WriteAllTextAsync(file, """{"version": 1, "faults": [{"kind": "binFire", "targets": ["BUS-01"], "start": "PT1M", "duration": "PT1M"}]}""");
        try
        {
            var error = await Assert.ThrowsAsync<Iot.Simulation.Scenarios.ScenarioException>(
                () => HubInstance.StartAsync(["--Simulation:Enabled=true", $"--Simulation:Scenario={file}"]));
            Assert.Contains("$.faults[0].targets[0]", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
