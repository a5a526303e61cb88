using Iot.Hub.Detection;
using Iot.Hub.Devices;
using Iot.Testing.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Tests.Detection;

public sealed class DetectionOptionsTests
{
    private static DetectionOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(RulesHarness.Demo.Value);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddDetection();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<DetectionOptions>>().Value;
    }

    [Fact]
    public void ContractSection_StartsFromTheServiceDefaults_AndOverridesItsOwnKeys()
    {
        var options = Bind(new()
        {
            ["Detection:Wastebin:OverflowMinutes"] = "90",
            ["Detection:Contracts:CT-WASTEBIN:Wastebin:CollectionLevel"] = "0.6",
        });
        Assert.Equal(0.8, options.Wastebin.CollectionLevel);
        Assert.Equal(90, options.Wastebin.OverflowMinutes);
        var contract = options.Contracts["CT-WASTEBIN"].Wastebin;
        Assert.Equal(0.6, contract.CollectionLevel);
        Assert.Equal(90, contract.OverflowMinutes);
    }

    [Fact]
    public void ContractOverride_AppliesToTheContractsDevices()
    {
        var options = Bind(new() { ["Detection:Contracts:CT-WASTEBIN:Wastebin:CollectionLevel"] = "0.6" });
        using var h = new RulesHarness(RulesHarness.Midday, options);
        h.Telemetry("BIN-0001", ("fillingLevel", 0.65));
        Assert.Single(h.Sink.RaisedFor("bin_collection:BIN-0001"));
    }

    [Theory]
    [InlineData("Detection:Streetlight:LowPowerRatio", "1.5", "Detection:Streetlight:LowPowerRatio")]
    [InlineData("Detection:Contracts:CT-BUS:Bus:OffRouteMeters", "0", "Detection:Contracts:CT-BUS:Bus:OffRouteMeters")]
    [InlineData("Detection:Contracts:CT-NOPE:Bus:OffRouteMeters", "200", "Detection:Contracts:CT-NOPE: no contract")]
    [InlineData("Detection:CleanDisconnectGraceSeconds", "-1", "Detection:CleanDisconnectGraceSeconds")]
    [InlineData("Detection:Wastebin:CollectionLevel", "1.2", "Detection:Wastebin:CollectionLevel: must not be above")]
    public void BadValue_FailsNamingTheFullKey(string key, string value, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { [key] = value }));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HubStart_WithABadDetectionKey_IsRefusedNamingIt()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => HubInstance.StartAsync(["--Detection:Bus:HeadwayFactor=0"]));
        Assert.Contains("Detection:Bus:HeadwayFactor", error.ToString(), StringComparison.Ordinal);
    }
}
