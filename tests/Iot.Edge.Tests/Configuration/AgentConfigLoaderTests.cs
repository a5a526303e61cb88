using Iot.Contracts;
using Iot.Edge.Agent;
using Iot.Edge.Configuration;
using Iot.Edge.Drivers;
using Iot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Iot.Edge.Tests.Configuration;

public sealed class AgentConfigLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string json)
    {
        var path = Path.Combine(_dir.Path, "agent.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void LoadFile_ShippedExamples_AreValid()
    {
        var examples = Path.Combine(RepositoryRoot(), "edge", "examples");
        var files = Directory.GetFiles(examples, "*.json");
        Assert.Equal(3, files.Length);
        // The examples name TLS files under /etc/iot-edge; the loader checks they exist, so they are made here.
        var etc = Directory.CreateDirectory(Path.Combine(_dir.Path, "etc")).FullName;
        foreach (var name in new[] { "ca.pem", "cab-012.crt.pem", "cab-012.key.pem" })
        {
            File.WriteAllText(Path.Combine(etc, name), "");
        }

        foreach (var file in files)
        {
            var json = File.ReadAllText(file).Replace("/etc/iot-edge/", etc + "/", StringComparison.Ordinal)
                .Replace("/var/lib/iot-edge", Path.Combine(_dir.Path, Path.GetFileNameWithoutExtension(file)), StringComparison.Ordinal);
            var config = AgentConfigLoader.LoadFile(Write(json));
            Assert.NotEmpty(config.Devices);
            // The real drivers accept their Settings sections too (no port is opened before the agent runs).
            var factories = new ServiceCollection().AddSerialDrivers().BuildServiceProvider().GetServices<IDriverFactory>();
            using var agent = new EdgeAgentService(config, factories, TimeProvider.System, NullLoggerFactory.Instance);
            Assert.True(agent.Devices.Count >= config.Devices.Count, file);
        }
    }

    [Fact]
    public void LoadFile_MinimalFile_AppliesDefaults()
    {
        var config = AgentConfigLoader.LoadFile(Write("""
            { "AgentId": "BIN-GW-1", "Secret": "s3cret", "Commune": "demo", "DataDirectory": "data",
              "Broker": { "Host": "broker.example" },
              "Devices": [ { "Id": "BIN-1", "Service": "wastebin", "Driver": "ultrasonic-level", "Serial": { "Port": "/dev/ttyUSB0" } } ] }
            """));

        Assert.Equal(1883, config.Broker.Port);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Broker.KeepAlive);
        Assert.Equal(Path.Combine(_dir.Path, "data"), config.DataDirectory);
        Assert.Equal(new SerialSettings("/dev/ttyUSB0"), config.Devices[0].Serial);
        Assert.Equal(ServiceKind.Wastebin, config.Devices[0].Service);
        Assert.Equal(50, config.Queue.DrainPerSecond);
    }

    [Fact]
    public void LoadFile_BadValues_NamesEveryFullKey()
    {
        var ex = Assert.Throws<EdgeConfigException>(() => AgentConfigLoader.LoadFile(Write("""
            { "AgentId": "bad id!", "Commune": "Demo", "DataDirectory": "data",
              "Broker": { "Host": "b", "Port": 70000, "Tls": { "CaFile": "missing-ca.pem" } },
              "Queue": { "MaxBytes": "lots", "DrainPerSecond": 0 },
              "Devices": [
                { "Id": "BIN-1", "Service": "wastebin", "Driver": "ultrasonic-level", "Serial": { "Port": "/dev/ttyUSB0", "Parity": "Weird", "BaudRate": 12 } },
                { "Id": "BIN-1", "Service": "trash", "Driver": "ultrasonic-level" } ] }
            """)));

        var lines = ex.Message.Split(Environment.NewLine);
        string[] keys =
        [
            "AgentId:", "Secret: is required", "Commune:", "Broker:Port:", "Broker:Tls:CaFile:", "Broker:Tls:Enabled:",
            "Queue:MaxBytes:", "Queue:DrainPerSecond:", "Devices:0:Serial:Parity:", "Devices:0:Serial:BaudRate:",
            "Devices:1:Id: 'BIN-1' appears twice", "Devices:1:Service:", "Devices:1:Serial:Port: is required",
        ];
        foreach (var key in keys)
        {
            Assert.Contains(lines, l => l.StartsWith(key, StringComparison.Ordinal));
        }

        Assert.Equal(keys.Length, lines.Length);
    }

    [Fact]
    public void LoadFile_NoDevicesAndMissingFile_AreRefused()
    {
        var ex = Assert.Throws<EdgeConfigException>(() => AgentConfigLoader.LoadFile(Write("""
            { "AgentId": "A", "Secret": "s", "Commune": "demo", "DataDirectory": "d", "Broker": { "Host": "h" } }
            """)));
        Assert.Equal("Devices: at least one device is required", ex.Message);

        var missing = Assert.Throws<EdgeConfigException>(() => AgentConfigLoader.LoadFile(Path.Combine(_dir.Path, "nope.json")));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_NotJson_SaysSo()
    {
        var ex = Assert.Throws<EdgeConfigException>(() => AgentConfigLoader.LoadFile(Write("{ \"AgentId\": ")));
        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Iot.Hub.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
