using Iot.Edge.Agent;
using Iot.Edge.Configuration;
using Iot.Edge.Drivers;
using Iot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Iot.Edge.Tests.Infrastructure;

/// <summary>
/// An edge agent in this process: its config file written to a temp directory, read by the real loader, and run in a
/// real generic host with the <see cref="CountingDriverFactory"/>. Fails the test on any logged error at disposal.
/// </summary>
public sealed class AgentHarness : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly RecordingLoggerProvider _logs = new();

    private AgentHarness(string directory, AgentConfig config)
    {
        Directory = directory;
        Config = config;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddProvider(_logs);
        builder.Services.AddSingleton<IDriverFactory>(Factory);
        builder.Services.AddEdgeAgent(config);
        _host = builder.Build();
        Agent = _host.Services.GetRequiredService<EdgeAgentService>();
    }

    public string Directory { get; }

    public AgentConfig Config { get; }

    public CountingDriverFactory Factory { get; } = new();

    public EdgeAgentService Agent { get; }

    public CountingDriver Driver => Factory.Created.Single();

    /// <summary>The JSON of an agent config with one counting wastebin <c>BIN-1</c> on <paramref name="port"/>.</summary>
    public static string ConfigJson(int port, string dataDirectory, int periodMs = 50, double drainPerSecond = 200, long maxMessages = 1_000_000) => $$"""
        {
          "AgentId": "GW-1", "Secret": "s3cret", "Commune": "demo", "DataDirectory": "{{dataDirectory}}",
          "Broker": { "Host": "127.0.0.1", "Port": {{port}}, "KeepAliveSeconds": 4, "ReconnectMinSeconds": 0.2, "ReconnectMaxSeconds": 1.5, "ConnectTimeoutSeconds": 3 },
          "Queue": { "MaxMessages": {{maxMessages}}, "DrainPerSecond": {{drainPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "FsyncIntervalMs": 200 },
          "Devices": [ { "Id": "BIN-1", "Service": "wastebin", "Driver": "counting", "Serial": { "Port": "/dev/null" }, "Settings": { "PeriodMs": {{periodMs}} } } ]
        }
        """;

    public static async Task<AgentHarness> StartAsync(string directory, string json)
    {
        var path = Path.Combine(directory, "agent.json");
        await File.WriteAllTextAsync(path, json);
        var harness = new AgentHarness(directory, AgentConfigLoader.LoadFile(path));
        await harness._host.StartAsync();
        return harness;
    }

    public async Task StopAsync() => await _host.StopAsync(TimeSpan.FromSeconds(15));

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
        if (_logs.Errors.Count > 0)
        {
            throw new InvalidOperationException("the agent logged errors:\n" + string.Join('\n', _logs.Errors));
        }
    }
}
