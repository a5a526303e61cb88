using System.Text.Json;
using Iot.Edge.Tests.Infrastructure;
using Iot.Testing;
using Iot.Testing.Servers;

namespace Iot.Edge.Tests.Chain;

/// <summary>
/// The real edge agent program (<c>Iot.Edge.dll run --config FILE</c>) with one serial device, its configuration file
/// written the way an installer would, talking to the test's mosquitto. Killed, and its files deleted, on disposal.
/// </summary>
public sealed class ChainAgent : IAsyncDisposable
{
    private readonly TempDirectory _dir;

    private ChainAgent(TempDirectory dir, string configFile, AgentProcess process)
    {
        _dir = dir;
        ConfigFile = configFile;
        Process = process;
    }

    public string ConfigFile { get; }

    public AgentProcess Process { get; }

    /// <param name="device">The <c>Devices:0</c> section (Id, Service, Driver, Serial, Settings).</param>
    public static async Task<ChainAgent> StartAsync(MosquittoFixture broker, string agentId, object device, string? statusService = null)
    {
        ArgumentNullException.ThrowIfNull(broker);
        var dir = new TempDirectory();
        var config = new Dictionary<string, object?>
        {
            ["AgentId"] = agentId,
            ["Secret"] = "chain-test-secret",
            ["Commune"] = "demo",
            ["DataDirectory"] = Path.Combine(dir.Path, "data"),
            ["Broker"] = new { Host = "127.0.0.1", broker.Port, KeepAliveSeconds = 30, ReconnectMinSeconds = 0.2, ReconnectMaxSeconds = 2 },
            ["Queue"] = new { DrainPerSecond = 500, FsyncIntervalMs = 200 },
            ["Devices"] = new[] { device },
        };
        if (statusService is not null)
        {
            config["StatusService"] = statusService;
        }

        var file = Path.Combine(dir.Path, "agent.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(config));
        return new ChainAgent(dir, file, AgentProcess.StartProgram(file));
    }

    /// <summary>Waits until the agent logged that it opened <paramref name="port"/>.</summary>
    public Task WaitUntilPortOpenAsync(string port) =>
        Poll.UntilAsync(() => Process.Output.Contains($"serial port {port} open", StringComparison.Ordinal), TimeSpan.FromSeconds(60),
            () => $"the agent to open {port}; its output:\n{Process.Output}");

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        _dir.Dispose();
    }
}
