using System.Text.Json;
using Iot.City;
using Iot.Simulation;
using Iot.Simulation.Scenarios;

namespace Iot.Simulators.Tests.Infrastructure;

/// <summary>A small generated city and helpers to run the engine on it in memory.</summary>
public static class TestCity
{
    /// <summary>10:00 in Paris on a June Monday: daylight, buses in service.</summary>
    public static readonly DateTimeOffset Morning = new(2026, 6, 15, 8, 0, 0, TimeSpan.Zero);

    /// <summary>23:00 in Paris: dark, lamps on, buses still in service until their service end.</summary>
    public static readonly DateTimeOffset Night = new(2026, 6, 15, 21, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset WireStart = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    public static CityModel Mini { get; } = CityGenerator.Generate(new CityGeneratorOptions
    {
        CommuneId = "mini",
        Name = "Mini-Ville",
        Latitude = 43.70,
        Longitude = 7.26,
        Seed = 5,
        SizeMeters = 1000,
        Districts = 1,
        Cabinets = 2,
        LampsPerCabinet = 3,
        Bins = 4,
        BinsPerGateway = 2,
        Routes = 1,
        BusesPerRoute = 2,
        Streets = 4,
    });

    public static CityModel Demo { get; } = CityLoader.Load(Path.Combine(AppContext.BaseDirectory, "cities", "demo.city.json"));

    public static string DemoScenarioPath => Path.Combine(AppContext.BaseDirectory, "cities", "demo.scenario.json");

    public static Asset First(this CityModel city, Iot.Contracts.ServiceKind service) => city.Assets.First(a => a.Service == service);

    public static Scenario Scenario(CityModel city, string faultsJson) =>
        ScenarioLoader.Parse($$"""{"version": 1, "faults": [{{faultsJson}}]}""", "test.scenario.json", city);

    /// <summary>Runs the engine for <paramref name="duration"/> of simulated time, in one go.</summary>
    public static InMemoryFleetSink Run(CityModel city, Scenario scenario, TimeSpan duration, DateTimeOffset? start = null, int seed = 1, double speed = 10)
    {
        var sink = new InMemoryFleetSink();
        var engine = new FleetEngine(city, scenario, Options(start, seed, speed), sink);
        engine.Start();
        engine.RunUntil((long)duration.TotalMilliseconds);
        return sink;
    }

    public static FleetOptions Options(DateTimeOffset? start = null, int seed = 1, double speed = 10) =>
        new() { Seed = seed, Speed = speed, WireStart = WireStart, SimulatedStart = start ?? Morning };

    /// <summary>The simulated time (ms from the start) of a payload ts at <paramref name="speed"/>.</summary>
    public static long SimMs(long ts, double speed = 10) => (long)((ts - WireStart.ToUnixTimeMilliseconds()) * speed);

    public static IEnumerable<WireMessage> Messages(this InMemoryFleetSink sink, string deviceId, string kind) =>
        sink.Published.Where(r => r.Topic!.EndsWith($"/{deviceId}/{kind}", StringComparison.Ordinal)).Select(r => new WireMessage(r));
}

/// <summary>A published message with its JSON parsed.</summary>
public sealed class WireMessage(SinkRecord record)
{
    private readonly JsonElement _root = JsonDocument.Parse(record.Payload!).RootElement.Clone();

    public SinkRecord Record { get; } = record;

    public long Ts => _root.GetProperty("ts").GetInt64();

    public long SimMs => TestCity.SimMs(Ts);

    public JsonElement Root => _root;

    public double Number(string metric) => _root.GetProperty("metrics").GetProperty(metric).GetDouble();

    public string Text(string metric) => _root.GetProperty("metrics").GetProperty(metric).GetString()!;

    public bool Has(string metric) => _root.GetProperty("metrics").TryGetProperty(metric, out _);
}
