using System.Text;
using Xunit;

namespace Iot.City.Tests.Writing;

public class CityWriterTests
{
    [Fact]
    public void Write_ThenLoad_GivesTheSameCity()
    {
        var city = CityGenerator.Generate(CityGeneratorOptions.Demo);

        var reloaded = TestCities.Reload(city);

        Assert.Equal(city, reloaded);
        Assert.Equal(TestCities.WriteToBytes(city), TestCities.WriteToBytes(reloaded));
    }

    [Fact]
    public void Write_HandWrittenCity_RoundTripsEveryField()
    {
        var city = TestCities.Load(TestCities.Mini);

        Assert.Equal(city, TestCities.Reload(city));
    }

    [Fact]
    public void Equality_DetectsAChangedAsset()
    {
        var city = TestCities.Load(TestCities.Mini);
        var moved = city with { Assets = [.. city.Assets.Take(4), city.Assets[4] with { Address = "Terminus" }] };

        Assert.NotEqual(city, moved);
    }

    [Fact]
    public void Write_PutsOneItemPerLineWithIsoDurationsAndReadableText()
    {
        var city = TestCities.Load(TestCities.Mini);

        var text = Encoding.UTF8.GetString(TestCities.WriteToBytes(city));

        var lines = text.Split('\n');
        Assert.Equal("{", lines[0]);
        Assert.Equal("  \"version\": 1,", lines[1]);
        Assert.Contains(
            """      {"type":"Feature","id":"LAMP-1-01","geometry":{"type":"Point","coordinates":[7.0051,43.5051]},"properties":{"service":"streetlight","commune":"mini","agent":"CAB-1","district":"D-N","cabinet":"CAB-1","address":"1 Rue Haute","model":{"ratedPower":60}}},""",
            lines);
        Assert.Contains("\"sla\":[{\"severity\":\"critical\",\"acknowledge\":\"PT30M\",\"repair\":\"PT4H\"},{\"severity\":\"low\",\"acknowledge\":\"P1D\",\"repair\":\"P7D\"}]", text, StringComparison.Ordinal);
        Assert.Contains("\"repair\":\"PT1H30M\"", text, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"Lumière\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        Assert.EndsWith("  }\n}\n", text, StringComparison.Ordinal);
    }
}
