using Iot.Simulation;
using Iot.Simulation.Scenarios;
using Iot.Simulators.Tests.Infrastructure;

namespace Iot.Simulators.Tests;

public sealed class DeterminismTests
{
    private static readonly TimeSpan Span = TimeSpan.FromMinutes(40);

    [Fact]
    public void SameCityScenarioAndSeed_GiveTheSameMessageSequence_HoweverTheRunIsSliced()
    {
        var scenario = ScenarioLoader.Load(TestCity.DemoScenarioPath, TestCity.Demo);
        var once = TestCity.Run(TestCity.Demo, scenario, Span, seed: 7);

        // The second run advances in uneven slices, as the wall-clock runner does.
        var sliced = new InMemoryFleetSink();
        var engine = new FleetEngine(TestCity.Demo, scenario, TestCity.Options(seed: 7), sliced);
        engine.Start();
        for (var t = 0L; t < Span.TotalMilliseconds; t += 3_137)
        {
            engine.RunUntil(t);
        }

        engine.RunUntil((long)Span.TotalMilliseconds);

        Assert.True(once.Records.Count > 10_000, $"only {once.Records.Count} records");
        Assert.Equal(once.Records.Count, sliced.Records.Count);
        Assert.Equal(once.Hash(), sliced.Hash());
    }

    [Fact]
    public void DifferentSeed_GivesADifferentSequence()
    {
        var scenario = ScenarioLoader.Load(TestCity.DemoScenarioPath, TestCity.Demo);
        var a = TestCity.Run(TestCity.Demo, scenario, TimeSpan.FromMinutes(10), seed: 7);
        var b = TestCity.Run(TestCity.Demo, scenario, TimeSpan.FromMinutes(10), seed: 8);

        Assert.NotEqual(a.Hash(), b.Hash());
        // Same topics in the same kinds, different values: the seed changes values and phases, not the city.
        Assert.Equal(a.Published.Select(r => r.Topic).ToHashSet(), b.Published.Select(r => r.Topic).ToHashSet());
    }

    [Fact]
    public void Ts_FollowsTheWallClockMapping_AndNeverLeadsIt()
    {
        const double speed = 100;
        var sink = TestCity.Run(TestCity.Mini, Scenario.Empty, TimeSpan.FromHours(1), speed: speed);
        var start = TestCity.WireStart.ToUnixTimeMilliseconds();
        var ts = sink.Published.Where(r => r.Topic!.EndsWith("/telemetry", StringComparison.Ordinal))
            .Select(r => new WireMessage(r).Ts).ToList();

        // One simulated hour at speed 100 is 36 s of wall clock: every ts lies in [start, start + 36 s].
        Assert.All(ts, t => Assert.InRange(t, start, start + 36_000));
        Assert.True(ts.Max() - start > 35_000, "the run covered the hour");
    }
}
