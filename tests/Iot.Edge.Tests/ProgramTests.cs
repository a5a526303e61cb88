using System.Diagnostics;
using Iot.Edge.Tests.Infrastructure;
using Iot.Testing;
using Xunit;

namespace Iot.Edge.Tests;

/// <summary>The agent program itself (<c>Iot.Edge.dll</c>), as systemd would start it.</summary>
public sealed class ProgramTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(AgentProcess.ProgramDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Help_PrintsUsageWithExitCodes()
    {
        var (code, output, _) = await RunAsync("--help");

        Assert.Equal(0, code);
        Assert.Contains("nmea-replay FILE", output, StringComparison.Ordinal);
        Assert.Contains("2  usage error or invalid configuration", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidConfig_Exits2NamingEachKey()
    {
        var config = Path.Combine(_dir.Path, "agent.json");
        await File.WriteAllTextAsync(config, """{ "AgentId": "GW-1", "Secret": "s", "Commune": "demo", "DataDirectory": "d", "Broker": { "Host": "h", "KeepAliveSeconds": -4 }, "Devices": [ { "Id": "B-1", "Service": "wastebin", "Driver": "ultrasonic-level" } ] }""");

        var (code, _, error) = await RunAsync("run", "--config", config);

        Assert.Equal(2, code);
        Assert.Contains("Broker:KeepAliveSeconds: '-4' is not a number in 1..3600", error, StringComparison.Ordinal);
        Assert.Contains("Devices:0:Serial:Port: is required", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownCommand_Exits2WithUsage()
    {
        var (code, _, error) = await RunAsync("fly");

        Assert.Equal(2, code);
        Assert.Contains("unknown command 'fly'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NmeaReplay_IsDispatchedToTheNmeaDriversReplay()
    {
        var log = Path.Combine(_dir.Path, "fix.nmea");
        await File.WriteAllTextAsync(log, "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\r\n");

        var (code, output, _) = await RunAsync("nmea-replay", log);

        Assert.Equal(0, code);
        Assert.StartsWith("{\"time\":\"1994-03-23T12:35:19", output, StringComparison.Ordinal);
    }
}
