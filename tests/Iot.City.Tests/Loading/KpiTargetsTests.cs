using Xunit;
using System.Text.Json.Nodes;

namespace Iot.City.Tests.Loading;

/// <summary>The optional contract targets and commune language of the city file.</summary>
public sealed class KpiTargetsTests
{
    [Fact]
    public void Load_ContractTargetsAndCommuneLanguage_RoundTrip()
    {
        var json = TestCities.MiniJson();
        json["contracts"]![0]!["targets"] = new JsonObject { ["availability"] = 0.98, ["mttr"] = 24 };
        json["communes"]![0]!["language"] = "en";

        var city = TestCities.Load(json);

        Assert.Equal(0.98, city.Contracts[0].Targets[KpiTargets.Availability]);
        Assert.Equal(24, city.Contracts[0].Targets[KpiTargets.Mttr]);
        Assert.Equal("en", city.Communes[0].Language);
        Assert.Equal(city, CityLoader.Load(new MemoryStream(TestCities.WriteToBytes(city)), "again.city.json"));
    }

    [Fact]
    public void Load_WithoutTargetsOrLanguage_HasNoneAndFrench()
    {
        var city = TestCities.Load(TestCities.Mini);

        Assert.Empty(city.Contracts[0].Targets);
        Assert.Equal("fr", city.Communes[0].Language);
    }

    [Theory]
    [InlineData("uptime", 0.9, "unknown indicator 'uptime'")]
    [InlineData("availability", 1.5, "out of range")]
    public void Load_BadTarget_NamesTheField(string id, double value, string message)
    {
        var json = TestCities.MiniJson();
        json["contracts"]![0]!["targets"] = new JsonObject { [id] = value };

        var error = TestCities.SingleErrorAt(TestCities.LoadFailing(json), $"$.contracts[0].targets.{id} (id CT-1)");

        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
