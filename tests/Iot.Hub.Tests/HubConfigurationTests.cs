using Iot.Hub.Tests.Infrastructure;
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
    [InlineData("--Storage:Telemetry=Influx", "Storage:Telemetry")]
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
    public async Task Start_WithoutCityFileOrDemo_FailsNamingCityFile()
    {
        var dir = Directory.CreateTempSubdirectory("iot-hub-test-").FullName;
        try
        {
            await using var app = HubApplication.Create(["--urls", "http://127.0.0.1:0", $"--Mqtt:Port={HubInstance.FreeTcpPort()}", $"--Storage:DataDir={dir}"]);
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
