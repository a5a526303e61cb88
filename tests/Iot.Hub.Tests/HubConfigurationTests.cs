using Iot.Testing;
using Iot.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Tests;

public sealed class HubConfigurationTests
{
    [Theory]
    [InlineData("--Mqtt:Mode=External", "Mqtt:Host")]
    [InlineData("--Mqtt:Mode=External --Mqtt:Host=broker --Mqtt:SharedGroup=a/b", "Mqtt:SharedGroup")]
    [InlineData("--Mqtt:Mode=External --Mqtt:Host=broker --Mqtt:Password=x", "Mqtt:Username")]
    [InlineData("--Mqtt:Mode=External --Mqtt:Host=broker --Mqtt:Tls:Enabled=true --Mqtt:Tls:CaFile=/no/such/ca.pem", "Mqtt:Tls:CaFile")]
    [InlineData("--Mqtt:Mode=External --Mqtt:Host=broker --Mqtt:Tls:Enabled=true --Mqtt:Tls:CaFile=/etc/passwd", "Mqtt:Tls:CaFile")]
    [InlineData("--Mqtt:Mode=External --Mqtt:Host=broker --Mqtt:Tls:CaFile=/etc/passwd", "Mqtt:Tls:Enabled")]
    [InlineData("--Mqtt:Mode=External --Mqtt:Host=broker --Mqtt:ReceiveMaximum=0", "Mqtt:ReceiveMaximum")]
    [InlineData("--Mqtt:Tls:Enabled=true", "Mqtt:Tls:Enabled")]
    [InlineData("--Storage:Influx:Url=ftp://influx.example:8086", "Storage:Influx:Url")]
    [InlineData("--Storage:Influx:Url=not a url", "Storage:Influx:Url")]
    [InlineData("--Storage:Influx:Url=http://admin:secret@127.0.0.1:8086", "Storage:Influx:Url")]
    [InlineData("--Storage:Influx:BatchLines=0", "Storage:Influx:BatchLines")]
    [InlineData("--Storage:Influx:SpillMaxBytes=1000", "Storage:Influx:SpillMaxBytes")]
    [InlineData("--Mqtt:BindAddress=not-an-ip", "Mqtt:BindAddress")]
    [InlineData("--Mqtt:Port=70000", "Mqtt:Port")]
    [InlineData("--Ingest:QueueCapacity=0", "Ingest:QueueCapacity")]
    [InlineData("--Storage:RetentionDays=0", "Storage:RetentionDays")]
    public async Task Start_BadSetting_FailsNamingTheKey(string settings, string key)
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(async () => await (await HubInstance.StartAsync(settings.Split(' '))).DisposeAsync());
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InfluxSelectedButNotReachable_HubStartsAndUsesInfluxFlushMsAsItsBatchWindow()
    {
        await using var hub = await HubInstance.StartAsync(
            ["--Storage:Telemetry=Influx", $"--Storage:Influx:Url=http://127.0.0.1:{FreeTcpPort.Next()}", "--Storage:Influx:FlushMs=250"]);

        Assert.IsType<Iot.Hub.Storage.Influx.InfluxTelemetryStore>(hub.Services.GetRequiredService<Iot.Hub.Storage.ITelemetryStore>());
        Assert.Equal(250, hub.Services.GetRequiredService<IOptions<Iot.Hub.Storage.StorageOptions>>().Value.BatchDelayMs);
        Assert.Equal("Healthy", await hub.Http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
    }

    [Fact]
    public async Task Start_WithoutCityFileOrDemo_FailsNamingCityFile()
    {
        var dir = Directory.CreateTempSubdirectory("iot-hub-test-").FullName;
        try
        {
            await using var app = HubApplication.Create(["--urls", "http://127.0.0.1:0", $"--Mqtt:Port={FreeTcpPort.Next()}", $"--Storage:DataDir={dir}"]);
            var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
            Assert.Contains("City:File", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Start_UnparsableNumber_FailsNamingTheKey()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await (await HubInstance.StartAsync(["--Mqtt:Port=abc"])).DisposeAsync());
        Assert.Contains("Mqtt:Port", ex.Message, StringComparison.Ordinal);
    }
}
