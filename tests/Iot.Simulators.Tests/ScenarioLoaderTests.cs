using Iot.Simulation.Scenarios;
using Iot.Simulators.Tests.Infrastructure;

namespace Iot.Simulators.Tests;

public sealed class ScenarioLoaderTests
{
    [Fact]
    public void DemoScenario_LoadsAgainstTheDemoCity_WithEveryFaultKind()
    {
        var scenario = ScenarioLoader.Load(TestCity.DemoScenarioPath, TestCity.Demo);

        Assert.Equal(TimeSpan.FromMinutes(30), scenario.Repeat);
        Assert.Equal(Enum.GetValues<FaultKind>().ToHashSet(), scenario.Faults.Select(f => f.Kind).ToHashSet());
        Assert.All(scenario.Faults, f => Assert.True(f.Start < TimeSpan.FromMinutes(7), $"{f.Path} starts at {f.Start}"));
        Assert.Contains(scenario.Faults, f => f is { Kind: FaultKind.AgentDisconnect, Mode: "clean" });
        Assert.Contains(scenario.Faults, f => f is { Kind: FaultKind.AgentDisconnect, Mode: "abrupt" });
    }

    [Fact]
    public void UnknownTarget_IsReportedWithItsJsonPath()
    {
        var lamp = TestCity.Mini.First(Iot.Contracts.ServiceKind.Streetlight).Id;
        var error = Assert.Throws<ScenarioException>(() => TestCity.Scenario(TestCity.Mini,
            $$"""{"kind": "lampFailure", "targets": ["{{lamp}}", "LAMP-NOPE"], "start": "PT1M", "duration": "PT5M"}"""));

        var only = Assert.Single(error.Errors);
        Assert.Equal("$.faults[0].targets[1]", only.Path);
        Assert.Contains("LAMP-NOPE", only.Message, StringComparison.Ordinal);
        Assert.Contains("test.scenario.json: $.faults[0].targets[1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryMistake_IsReportedAtOnce_EachWithItsPath()
    {
        var bus = TestCity.Mini.First(Iot.Contracts.ServiceKind.Bus).Id;
        var json = $$"""
            {
              "version": 1,
              "repeat": "PT10M",
              "faults": [
                {"kind": "lampFlicker", "targets": ["x"], "start": "PT1M", "duration": "PT1M"},
                {"kind": "binFire", "targets": ["{{bus}}"], "start": "soon", "duration": "PT1M"},
                {"kind": "agentDisconnect", "targets": ["{{bus}}"], "start": "PT1M", "duration": "PT0S"},
                {"kind": "busOffRoute", "targets": ["{{bus}}"], "start": "PT8M", "duration": "PT5M", "distance": -3, "colour": "red"},
                {"kind": "trackerSilence", "start": "PT1M", "duration": "P1M"}
              ]
            }
            """;
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(json, "bad.json", TestCity.Mini));
        var paths = error.Errors.Select(e => e.Path).ToList();

        Assert.Contains("$.faults[0].kind", paths);
        Assert.Contains("$.faults[1].targets[0]", paths); // a bus is not a bin
        Assert.Contains("$.faults[1].start", paths);
        Assert.Contains("$.faults[2].mode", paths); // agentDisconnect needs clean or abrupt
        Assert.Contains("$.faults[2].duration", paths); // zero
        Assert.Contains("$.faults[3].duration", paths); // past the repeat period
        Assert.Contains("$.faults[3].distance", paths);
        Assert.Contains("$.faults[3].colour", paths);
        Assert.Contains("$.faults[4].targets", paths);
        Assert.Contains("$.faults[4].duration", paths); // months are refused
        Assert.Contains(error.Errors, e => e.Path == "$.faults[1].targets[0]" && e.Message.Contains("is a bus", StringComparison.Ordinal));
    }

    [Fact]
    public void InvalidJson_IsReportedWithLineAndPosition()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("{\n  \"version\": 1,\n  \"faults\": [ }", "broken.json", TestCity.Mini));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("broken.json:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingVersionAndFaults_AreReported()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("{}", "empty.json", TestCity.Mini));

        Assert.Equal(["$.version", "$.faults"], error.Errors.Select(e => e.Path));
    }

    [Fact]
    public void MissingFile_IsAScenarioErrorNamingTheFile()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load("/nonexistent/x.scenario.json", TestCity.Mini));

        Assert.StartsWith("x.scenario.json:", error.Message, StringComparison.Ordinal);
    }
}
