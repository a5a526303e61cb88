using Iot.Edge.Agent;
using Iot.Edge.Configuration;
using Iot.Edge.Drivers;
using Iot.Edge.Tests.Infrastructure;
using Iot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Iot.Edge.Tests.Agent;

public sealed class EdgeAgentServiceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private AgentConfig Config(string json)
    {
        var path = Path.Combine(_dir.Path, "agent.json");
        File.WriteAllText(path, json);
        return AgentConfigLoader.LoadFile(path);
    }

    [Fact]
    public void Constructor_UnknownDriverAndBadDriverSettings_NameTheirKeys()
    {
        var config = Config(AgentHarness.ConfigJson(1883, "data", periodMs: -1).Replace(
            "\"Devices\": [", "\"Devices\": [ { \"Id\": \"X-1\", \"Service\": \"bus\", \"Driver\": \"warp-drive\", \"Serial\": { \"Port\": \"/dev/ttyS0\" } },", StringComparison.Ordinal));

        var ex = Assert.Throws<EdgeConfigException>(() => new EdgeAgentService(config, [new CountingDriverFactory()], TimeProvider.System, NullLoggerFactory.Instance));

        Assert.Equal(
            ["Devices:0:Driver: unknown driver 'warp-drive'; known: counting", "Devices:1:Settings:PeriodMs: must be a positive integer"],
            ex.Message.Split(Environment.NewLine));
    }

    [Fact]
    public void Constructor_SecondAgentOnTheSameDataDirectory_IsRefused()
    {
        var config = Config(AgentHarness.ConfigJson(1883, "data"));
        using var first = new EdgeAgentService(config, [new CountingDriverFactory()], TimeProvider.System, NullLoggerFactory.Instance);

        var ex = Assert.Throws<EdgeConfigException>(() => new EdgeAgentService(config, [new CountingDriverFactory()], TimeProvider.System, NullLoggerFactory.Instance));

        Assert.StartsWith("DataDirectory:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusTopic_DefaultsToTheServiceOfTheDeviceBearingTheAgentId()
    {
        var json = AgentHarness.ConfigJson(1883, "data").Replace("\"AgentId\": \"GW-1\"", "\"AgentId\": \"BIN-1\"", StringComparison.Ordinal);
        using var agent = new EdgeAgentService(Config(json), [new CountingDriverFactory()], TimeProvider.System, NullLoggerFactory.Instance);

        Assert.Equal("iot/v1/demo/wastebin/BIN-1/status", agent.StatusTopic);
    }
}
