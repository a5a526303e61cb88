using Iot.Hub.Agents;
using Iot.Hub.Ingest;
using Iot.Hub.Tests.Ingest;
using Iot.Testing;
using Iot.Testing.Hosting;
using Iot.Testing.Servers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Tests.Deployment;

/// <summary>docker-compose.yml and deploy/: what can be checked without a Docker engine.</summary>
public sealed class DockerComposeTests
{
    private static readonly Dictionary<string, string> Variables = new() { ["HUB_MQTT_PASSWORD"] = "compose-test-password" };

    private static string ComposePath => RepositoryFiles.PathOf("docker-compose.yml");

    [Fact]
    public async Task HubService_EveryEnvironmentVariableIsASettingTheHubBinds()
    {
        var environment = (await ComposeFile.LoadAsync(ComposePath, Variables)).Environment("hub");

        Assert.True(environment.Count >= 10, $"read only {environment.Count} variables of the hub service: {string.Join(", ", environment.Keys)}");
        var problems = HubSettingKeys.Check(environment);
        Assert.True(problems.Count == 0, "docker-compose.yml gives the hub settings it does not bind:\n" + string.Join('\n', problems));
        Assert.Equal("External", environment["Mqtt__Mode"]);
        Assert.Equal("mosquitto", environment["Mqtt__Host"]);
        Assert.Equal("Influx", environment["Storage__Telemetry"]);
        Assert.Equal("http://influxdb:8086", environment["Storage__Influx__Url"]);
        Assert.Equal(Variables["HUB_MQTT_PASSWORD"], environment["Mqtt__Password"]);
    }

    [Fact]
    public async Task HubService_MqttSettings_PassTheHubsOwnValidation_AndMatchTheBrokersHealthcheckAccount()
    {
        var compose = await ComposeFile.LoadAsync(ComposePath, Variables);
        var environment = compose.Environment("hub");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)))
            .Build();
        var mqtt = configuration.GetSection(MqttOptions.SectionName).Get<MqttOptions>()!;

        var result = new MqttOptionsValidator().Validate(Options.DefaultName, mqtt);
        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(MqttMode.External, mqtt.Mode);
        Assert.Equal(Variables["HUB_MQTT_PASSWORD"], compose.Environment("mosquitto")["HUB_MQTT_PASSWORD"]);
        Assert.Contains($"-u {mqtt.Username} ", compose.Normalized, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposeFile_WithoutTheHubPassword_IsRefusedNamingTheVariable()
    {
        var (code, _, stderr) = await ComposeFile.RunConfigAsync(ComposePath, new Dictionary<string, string>());
        Assert.NotEqual(0, code);
        Assert.Contains("HUB_MQTT_PASSWORD", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mqtt__Hostt", "broker", "Hostt")]
    [InlineData("Mqt__Host", "broker", "Mqt")]
    [InlineData("Mqtt__Tls__Enabeld", "true", "Enabeld")]
    [InlineData("Mqtt__Port", "abc", "Mqtt:Port")]
    [InlineData("Mqtt__Mode", "Externall", "Mqtt:Mode")]
    [InlineData("Storage__DataDirectory", "/data", "DataDirectory")]
    [InlineData("Storage__Influx__Urll", "http://influxdb:8086", "Urll")]
    [InlineData("ASPNETCORE_URLS", "http://+:5080", "ASPNETCORE_URLS")]
    public void SettingKeyCheck_TypoOrIneffectiveVariable_IsReportedByName(string name, string value, string named)
    {
        var problems = HubSettingKeys.Check([KeyValuePair.Create(name, (string?)value), KeyValuePair.Create("Mqtt__Host", (string?)"broker")]);
        var problem = Assert.Single(problems);
        Assert.Contains(named, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void SettingKeyCheck_RealSettings_AreAccepted()
    {
        string?[][] settings =
        [
            ["Urls", "http://+:5080"], ["Logging__LogLevel__Default", "Warning"], ["City__File", "/city/city.json"],
            ["Mqtt__Tls__CaFile", "/certs/ca.pem"], ["Mqtt__SharedGroup", "hubs"], ["Mqtt__SessionExpirySeconds", "3600"],
            ["Storage__RetentionDays", "30"], ["Storage__Influx__RetentionPolicy", "autogen"], ["Ingest__QueueCapacity", "1000"],
            ["Simulation__Enabled", "false"], ["mqtt__clientid", "hub-2"],
        ];

        Assert.Empty(HubSettingKeys.Check(settings.Select(s => KeyValuePair.Create(s[0]!, s[1]))));
    }

    [Fact]
    public async Task ShippedMosquittoConf_WithExportedFiles_RunsInMosquitto_HubConnectsAsHub_AgentPublishes()
    {
        var dir = Directory.CreateTempSubdirectory("iot-deploy-test-").FullName;
        try
        {
            var exported = Path.Combine(dir, "mosquitto");
            var storage = $"--Storage:DataDir={Path.Combine(dir, "admin")}";
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            Assert.Equal(0, await AgentsCommand.RunAsync(["add", "CAB-001", storage], stdout, stderr, CancellationToken.None));
            var secret = stdout.ToString().Trim();
            stdout.GetStringBuilder().Clear();
            Assert.Equal(0, await AgentsCommand.RunAsync(["export-mosquitto", exported, "--demo", storage], stdout, stderr, CancellationToken.None));
            var hubPassword = stdout.ToString().Trim();

            await using var broker = await MosquittoFixture.StartAsync(new MosquittoSettings
            {
                ImageConfigFile = RepositoryFiles.PathOf("deploy/mosquitto/mosquitto.conf"),
                ImageConfigDirectory = exported,
            });
            await using var hub = await HubInstance.StartAsync(broker.HubArgs(user: "hub", password: hubPassword));
            await hub.WaitUntilSubscribedAsync();
            await Assert.ThrowsAsync<ConnectRefusedException>(() => broker.ConnectAsync("anonymous"));
            using var agent = await broker.ConnectAsync("CAB-001", "CAB-001", secret);
            var lamp = ExternalBrokerTests.FirstLamp(hub, "CAB-001");
            await ExternalBrokerTests.PublishAsync(agent, ExternalBrokerTests.TelemetryTopic(lamp), Payloads.Telemetry(1, new Contracts.MetricReading("voltage", 230.0)));
            await Poll.UntilAsync(() => hub.Stats.Stored == 1, TimeSpan.FromSeconds(20), "the agent's message stored");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
