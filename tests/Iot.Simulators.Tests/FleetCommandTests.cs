using System.Diagnostics;
using System.Text.RegularExpressions;
using Iot.City;
using Iot.Simulators.Tests.Infrastructure;
using Iot.Testing.Servers;

namespace Iot.Simulators.Tests;

/// <summary>The <c>fleet</c> command as a user runs it: a real process against a real mosquitto.</summary>
public sealed partial class FleetCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("iot-fleet-cli-").FullName;

    [Fact]
    public async Task Fleet_AgainstMosquitto_ConnectsEveryAgent_PublishesAndSaysGoodbye()
    {
        await using var broker = await MosquittoFixture.StartAsync(MosquittoSettings.Fleet);
        var city = WriteCity();

        var (exit, output, errors) = await RunAsync("fleet", "--city", city, "--broker", $"127.0.0.1:{broker.Port}", "--speed", "10", "--seed", "2", "--duration", "4");

        Assert.True(exit == 0, $"exit {exit}: {errors}");
        var summary = Summary().Match(output);
        Assert.True(summary.Success, output);
        Assert.Equal(TestCity.Mini.Assets.Count, int.Parse(summary.Groups["devices"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TestCity.Mini.Agents.Count, int.Parse(summary.Groups["agents"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0", summary.Groups["failed"].Value);
        Assert.Equal("0", summary.Groups["dropped"].Value);
        Assert.True(int.Parse(summary.Groups["messages"].Value, System.Globalization.CultureInfo.InvariantCulture) > TestCity.Mini.Assets.Count);
        Assert.Contains("agents connected", output, StringComparison.Ordinal); // the live table
    }

    [Fact]
    public async Task Fleet_WithABadScenario_ExitsWithTheJsonPathOfEachMistake()
    {
        var city = WriteCity();
        var scenario = Path.Combine(_directory, "bad.scenario.json");
        await File.WriteAllTextAsync(scenario, """{"version": 1, "faults": [{"kind": "lampFailure", "targets": ["NOPE"], "start": "PT1M"}]}""");

        var (exit, _, errors) = await RunAsync("fleet", "--city", city, "--scenario", scenario, "--duration", "1");

        Assert.Equal(1, exit);
        Assert.Contains("bad.scenario.json: $.faults[0].targets[0]: unknown streetlight 'NOPE'", errors, StringComparison.Ordinal);
        Assert.Contains("bad.scenario.json: $.faults[0].duration", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fleet_WithASecretsFileMissingAnAgent_ExitsNamingIt()
    {
        var city = WriteCity();
        var secrets = Path.Combine(_directory, "secrets.txt");
        await File.WriteAllLinesAsync(secrets, ["# agent secret", .. TestCity.Mini.Agents.Skip(1).Select(a => $"{a.Id} s3cret-{a.Id}")]);

        var (exit, _, errors) = await RunAsync("fleet", "--city", city, "--secrets", secrets, "--duration", "1");

        Assert.Equal(1, exit);
        Assert.Contains($"no secret for 1 agent(s) of the city: {TestCity.Mini.Agents[0].Id}", errors, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteCity()
    {
        var path = Path.Combine(_directory, "mini.city.json");
        using var stream = File.Create(path);
        CityWriter.Write(TestCity.Mini, stream);
        return path;
    }

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(SimulatorsProgram.Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        return (process.ExitCode, await output, await errors);
    }

    [GeneratedRegex(@"fleet: (?<devices>\d+) devices, (?<agents>\d+) agents \((?<failed>\d+) failed connect attempts\), (?<messages>\d+) messages in [\d.]+ s \(\d+ msg/s\), (?<dropped>\d+) dropped")]
    private static partial Regex Summary();
}
