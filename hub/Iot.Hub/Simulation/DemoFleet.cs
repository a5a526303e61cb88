using System.Net;
using Iot.Hub.Agents;
using Iot.Hub.City;
using Iot.Hub.Devices;
using Iot.Hub.Ingest;
using Iot.Simulation;
using Iot.Simulation.Mqtt;
using Iot.Simulation.Scenarios;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Simulation;

/// <summary>
/// With <c>--demo</c> and <c>Simulation:Enabled</c>, plays the demo commune in-process: the fleet simulator connects
/// every agent of the city to the embedded broker over loopback TCP, exactly as real agents would. It authenticates like
/// them too: at start the hub issues each demo agent a fresh secret in the credential store (creating it, or replacing
/// the previous run's) and hands the plain secrets to the simulator in memory only, so the broker's checks are unchanged.
/// A bad scenario file stops the hub at start with every mistake and its JSON path.
/// </summary>
internal sealed class DemoFleet(
    DeviceRegistry registry, AgentCredentialStore credentials, TimeProvider time, IOptions<CityOptions> city,
    IOptions<SimulationOptions> simulation, IOptions<MqttOptions> mqtt, ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<DemoFleet>();
    private Scenario? _scenario;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!city.Value.Demo || !simulation.Value.Enabled)
        {
            return Task.CompletedTask;
        }

        if (mqtt.Value.Mode != MqttMode.Embedded)
        {
            SimulationLog.ExternalBroker(_logger);
            return Task.CompletedTask;
        }

        _scenario = ScenarioLoader.Load(SimulationExtensions.ScenarioPath(simulation.Value), registry.City);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = simulation.Value;
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var agent in registry.City.Agents)
        {
            secrets[agent.Id] = await credentials.AddAsync(agent.Id, stoppingToken)
                ?? await credentials.ResetAsync(agent.Id, stoppingToken)
                ?? throw new InvalidOperationException($"could not issue credentials for demo agent {agent.Id}");
        }

        var port = mqtt.Value.Port;
        SimulationLog.FleetStarting(_logger, secrets.Count, port);
        var stats = new FleetStats();
        await using var sink = new MqttFleetSink(
            new MqttFleetSinkOptions { Host = ConnectAddress(mqtt.Value.BindAddress), Port = port, Secret = id => secrets.GetValueOrDefault(id) },
            stats,
            loggers.CreateLogger("Iot.Simulation.Fleet"));
        var engine = new FleetEngine(registry.City, _scenario!, new FleetOptions
        {
            Speed = options.Speed,
            Seed = options.Seed,
            WireStart = time.GetUtcNow(),
            SimulatedStart = options.Start,
        }, sink, stats);
        sink.CommandReceived = engine.Deliver;
        sink.ConnectionLost = engine.ReportConnectionLost;
        try
        {
            await FleetRunner.RunAsync(engine, time, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A demo aid must not take the hub down with it (a BackgroundService failure would stop the host).
            SimulationLog.FleetFailed(_logger, ex);
        }

        await sink.DrainAsync(TimeSpan.FromSeconds(5));
        SimulationLog.FleetStopped(_logger, stats.MessagesPublished, stats.FaultsInjected);
    }

    private static string ConnectAddress(string bindAddress) =>
        IPAddress.TryParse(bindAddress, out var address) && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any)
            ? bindAddress
            : "127.0.0.1";
}
