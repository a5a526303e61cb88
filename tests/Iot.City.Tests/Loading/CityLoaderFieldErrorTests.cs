using System.Text.Json.Nodes;
using Xunit;

namespace Iot.City.Tests.Loading;

/// <summary>Mistakes inside one item or one section, each reported once at its own path.</summary>
public class CityLoaderFieldErrorTests
{
    [Fact]
    public void Load_RootIsNotAnObject_IsReported()
    {
        var message = TestCities.SingleErrorAt(TestCities.LoadFailing("[1, 2]"), "$");

        Assert.Equal("expected an object, found an array", message);
    }

    [Fact]
    public void Load_MissingAgentsSection_IsReportedOnceNotForEveryAsset()
    {
        var city = TestCities.MiniJson();
        city.Remove("agents");

        var message = TestCities.SingleErrorAt(TestCities.LoadFailing(city), "$");

        Assert.Equal("required field 'agents' is missing", message);
    }

    [Fact]
    public void Load_FeaturesNotAnArray_IsReportedOnceNotForEveryAgent()
    {
        var city = TestCities.MiniJson();
        city["assets"]!["features"] = "none";

        var message = TestCities.SingleErrorAt(TestCities.LoadFailing(city), "$.assets.features");

        Assert.Equal("expected an array, found a string", message);
    }

    [Fact]
    public void Load_UnknownTimeZone_IsReported()
    {
        var city = TestCities.MiniJson();
        city["communes"]![0]!["timeZone"] = "Europe/Atlantis";

        var message = TestCities.SingleErrorAt(TestCities.LoadFailing(city), "$.communes[0].timeZone (id mini)");

        Assert.StartsWith("unknown time zone 'Europe/Atlantis'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RepeatedSeverityInSlaTable_IsReported()
    {
        var city = TestCities.MiniJson();
        var sla = city["contracts"]![0]!["sla"]!.AsArray();
        sla.Add(sla[0]!.DeepClone());

        var message = TestCities.SingleErrorAt(TestCities.LoadFailing(city), "$.contracts[0].sla[2].severity (id CT-1)");

        Assert.Equal("severity 'critical' appears twice in the SLA table", message);
    }

    [Fact]
    public void Load_ContractEndingBeforeItStarts_IsReported()
    {
        var city = TestCities.MiniJson();
        city["contracts"]![1]!["end"] = "2024-06-30";

        var message = TestCities.SingleErrorAt(TestCities.LoadFailing(city), "$.contracts[1].end (id CT-2)");

        Assert.Equal("the contract ends (2024-06-30) before it starts (2025-01-01)", message);
    }

    [Fact]
    public void Load_ContractZoneThatIsALine_IsReported()
    {
        var city = TestCities.MiniJson();
        city["contracts"]![1]!["zone"] = JsonNode.Parse("""{"type": "LineString", "coordinates": [[7.0, 43.49], [7.01, 43.51]]}""");

        var message = TestCities.SingleErrorAt(TestCities.LoadFailing(city), "$.contracts[1].zone (id CT-2)");

        Assert.Equal("a contract zone must be a Polygon or MultiPolygon, not a LineString", message);
    }

    [Fact]
    public void Load_PositionOutOfRange_IsReportedAtThePosition()
    {
        var city = TestCities.MiniJson();
        TestCities.Feature(city, 3)["geometry"] = JsonNode.Parse("""{"type": "Point", "coordinates": [43.5, 207.0]}""");

        var message = TestCities.SingleErrorAt(TestCities.LoadFailing(city), "$.assets.features[3].geometry.coordinates (id BIN-0001)");

        Assert.Equal("[43.5, 207] is not a WGS84 [longitude, latitude]", message);
    }

    [Fact]
    public void Load_AssetLocatedByAPolygon_IsReported()
    {
        var city = TestCities.MiniJson();
        TestCities.Feature(city, 3)["geometry"] = city["districts"]![1]!["area"]!.DeepClone();

        var message = TestCities.SingleErrorAt(TestCities.LoadFailing(city), "$.assets.features[3].geometry (id BIN-0001)");

        Assert.Equal("an asset is located by a Point, not a Polygon", message);
    }

    [Fact]
    public void Load_RepeatedFieldName_IsReported()
    {
        var json = TestCities.Mini.Replace("\"id\": \"GW-1\",", "\"id\": \"GW-1\", \"id\": \"GW-1\",", StringComparison.Ordinal);

        var message = TestCities.SingleErrorAt(TestCities.LoadFailing(json), "$.agents[1].id (id GW-1)");

        Assert.Equal("field 'id' appears more than once", message);
    }

    [Fact]
    public void Load_ModelValueThatIsNotANumber_IsReported()
    {
        var city = TestCities.MiniJson();
        TestCities.Properties(city, 1)["model"]!["ratedPower"] = "60 W";

        var message = TestCities.SingleErrorAt(TestCities.LoadFailing(city), "$.assets.features[1].properties.model.ratedPower (id LAMP-1-01)");

        Assert.Equal("a model value is a number, found a string", message);
    }

    [Fact]
    public void Load_BusRouteOfAnotherCommune_IsReported()
    {
        var city = TestCities.MiniJson();
        city["communes"]!.AsArray().Add(JsonNode.Parse("""{"id": "voisine", "name": "Voisine", "latitude": 43.6, "longitude": 7.1, "timeZone": "Europe/Paris"}"""));
        city["routes"]![0]!["commune"] = "voisine";

        var message = TestCities.SingleErrorAt(TestCities.LoadFailing(city), "$.assets.features[4].properties.route (id BUS-01)");

        Assert.Equal("route 'L1' belongs to commune 'voisine', not 'mini'", message);
    }
}
