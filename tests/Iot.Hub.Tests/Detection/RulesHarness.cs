using Iot.City;
using Iot.Contracts;
using Iot.Hub.Detection;
using Iot.Hub.Devices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Iot.Hub.Tests.Detection;

/// <summary>
/// The rule engine on the demo city with a fake clock and a recording sink. Its loop runs inline on the test's thread
/// (queued, never re-entered), so timers fired by <see cref="Advance"/> are fully evaluated when it returns.
/// </summary>
internal sealed class RulesHarness : IDisposable
{
    public static readonly Lazy<DeviceRegistry> Demo = new(() =>
        new DeviceRegistry(CityLoader.Load(Path.Combine(AppContext.BaseDirectory, "cities", "demo.city.json"))));

    private static readonly Lazy<CityIndex> DemoIndex = new(() => new CityIndex(Demo.Value.City));

    private readonly Queue<Action> _queue = new();
    private bool _draining;

    public RulesHarness(DateTimeOffset start, DetectionOptions? options = null)
    {
        Time = new FakeTimeProvider(start);
        Options = options ?? new DetectionOptions();
        Engine = new RuleEngine(Demo.Value, DemoIndex.Value, Options, Sink, Time, Post, NullLogger.Instance);
        var startMs = Now;
        Post(() => Engine.Start(startMs));
    }

    /// <summary>A winter evening in Demo-sur-Mer: dark (sunset is about 15:55 UTC), buses in service until 20:00 UTC.</summary>
    public static DateTimeOffset Evening { get; } = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);

    /// <summary>Midday: light, buses in service.</summary>
    public static DateTimeOffset Midday { get; } = new(2026, 11, 23, 11, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; }

    public DetectionOptions Options { get; }

    public RecordingProblemSink Sink { get; } = new();

    public RuleEngine Engine { get; }

    public long Now => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public void Advance(TimeSpan by) => Time.Advance(by);

    public void AdvanceMs(long ms) => Time.Advance(TimeSpan.FromMilliseconds(ms));

    /// <summary>Moves the clock to <paramref name="atMs"/> (Unix ms).</summary>
    public void AdvanceTo(long atMs) => Time.Advance(TimeSpan.FromMilliseconds(atMs - Now));

    public void Telemetry(string deviceId, params (string Name, MetricValue Value)[] metrics)
    {
        var device = Demo.Value.FindDevice(deviceId)!;
        var now = Now;
        var telemetry = new DecodedTelemetry(now, 1, [.. metrics.Select(m => new MetricReading(m.Name, m.Value))], []);
        Post(() => Engine.OnTelemetry(device, telemetry, now));
    }

    public void Event(string deviceId, string type)
    {
        var device = Demo.Value.FindDevice(deviceId)!;
        var now = Now;
        Post(() => Engine.OnEvent(device, new EventPayload(now, 1, type), now));
    }

    public void Agent(string agentId, bool online, bool clean = false)
    {
        var now = Now;
        Post(() => Engine.OnAgentState(agentId, online, clean, now));
    }

    public void Dispose() => Engine.Dispose();

    private void Post(Action work)
    {
        _queue.Enqueue(work);
        if (_draining)
        {
            return;
        }

        _draining = true;
        try
        {
            while (_queue.TryDequeue(out var next))
            {
                next();
            }
        }
        finally
        {
            _draining = false;
        }
    }
}
