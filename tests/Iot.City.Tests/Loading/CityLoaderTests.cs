using System.Text.Json.Nodes;
using Iot.Contracts;
using Xunit;

namespace Iot.City.Tests.Loading;

public class CityLoaderTests
{
    [Fact]
    public void Load_MiniCity_ReadsEverySection()
    {
        var city = TestCities.Load(TestCities.Mini);

        Assert.Equal("Mini-Ville", Assert.Single(city.Communes).Name);
        Assert.Equal(["D-N", "D-S"], city.Districts.Select(d => d.Id));
        Assert.Equal(2, city.Operators.Count);
        Assert.Equal(["CAB-1", "GW-1", "BUS-01"], city.Agents.Select(a => a.Id));
        Assert.Equal(5, city.Assets.Count);
        var street = Assert.Single(city.Streets);
        Assert.Equal(2, street.Line.NumPoints);
    }

    [Fact]
    public void Load_FileWithComments_Loads()
    {
        var json = TestCities.Mini
            .Replace("\"version\": 1,", "// hand-edited\n  \"version\": 1, /* the only version */", StringComparison.Ordinal);

        Assert.Equal(5, TestCities.Load(json).Assets.Count);
    }

    [Fact]
    public void Load_AssetWithoutDistrict_GetsTheDistrictWhosePolygonContainsIt()
    {
        var city = TestCities.Load(TestCities.Mini);

        Assert.Equal("D-N", city.Assets.Single(a => a.Id == "LAMP-1-01").DistrictId);
        Assert.Equal("D-S", city.Assets.Single(a => a.Id == "LAMP-1-02").DistrictId);
        Assert.Equal("D-S", city.Assets.Single(a => a.Id == "BUS-01").DistrictId);
    }

    [Fact]
    public void Load_Asset_ReadsLocationReferencesAndModel()
    {
        var lamp = TestCities.Load(TestCities.Mini).Assets.Single(a => a.Id == "LAMP-1-01");

        Assert.Equal(ServiceKind.Streetlight, lamp.Service);
        Assert.Equal(7.0051, lamp.Location.X);
        Assert.Equal(43.5051, lamp.Location.Y);
        Assert.Equal("CAB-1", lamp.CabinetId);
        Assert.Equal("CAB-1", lamp.AgentId);
        Assert.Equal("1 Rue Haute", lamp.Address);
        Assert.Equal(60, lamp.FindModelValue("ratedPower"));
        Assert.Null(lamp.RouteId);
    }

    [Fact]
    public void Load_ContractAndRoute_ReadIsoDurationsDatesAndTimes()
    {
        var city = TestCities.Load(TestCities.Mini);

        var lighting = city.Contracts.Single(c => c.Id == "CT-1");
        Assert.Equal(ServiceKind.Streetlight, lighting.Service);
        Assert.Equal(new SlaTerm("critical", TimeSpan.FromMinutes(30), TimeSpan.FromHours(4)), lighting.FindSla("critical"));
        Assert.Equal(new SlaTerm("low", TimeSpan.FromDays(1), TimeSpan.FromDays(7)), lighting.FindSla("low"));
        Assert.Equal(new DateOnly(2029, 12, 31), lighting.End);
        Assert.Equal("MultiPolygon", lighting.Zone.GeometryType);
        Assert.Equal(TimeSpan.FromMinutes(90), city.Contracts.Single(c => c.Id == "CT-2").Sla[0].Repair);

        var route = Assert.Single(city.Routes);
        Assert.Equal(TimeSpan.FromMinutes(15), route.Headway);
        Assert.Equal(new TimeOnly(6, 0), route.ServiceStart);
        Assert.Equal(new TimeOnly(21, 30), route.ServiceEnd);
        Assert.Null(route.Depot);
        Assert.Equal(7.0, route.FirstTerminus.X);
        Assert.Equal(7.01, route.LastTerminus.X);
    }

    [Fact]
    public void Load_StatedDistrictThatDoesNotCoverTheAsset_IsReported()
    {
        var city = TestCities.MiniJson();
        TestCities.Properties(city, 1)["district"] = "D-S";

        var ex = TestCities.LoadFailing(city);

        var message = TestCities.SingleErrorAt(ex, "$.assets.features[1].geometry (id LAMP-1-01)");
        Assert.Contains("outside its district 'D-S'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_StatedDistrictThatExists_IsKept()
    {
        var city = TestCities.MiniJson();
        TestCities.Properties(city, 1)["district"] = "D-N";

        Assert.Equal("D-N", TestCities.Load(city).Assets[1].DistrictId);
    }

    [Fact]
    public void Load_UnknownStatedDistrict_IsReported()
    {
        var city = TestCities.MiniJson();
        TestCities.Properties(city, 1)["district"] = "D-Z";

        var message = TestCities.SingleErrorAt(TestCities.LoadFailing(city), "$.assets.features[1].properties.district (id LAMP-1-01)");
        Assert.Equal("unknown district 'D-Z'", message);
    }

    [Fact]
    public void Load_DuplicateAssetId_ReportsBothPlaces()
    {
        var city = TestCities.MiniJson();
        TestCities.Feature(city, 2)["id"] = "LAMP-1-01";

        var message = TestCities.SingleErrorAt(TestCities.LoadFailing(city), "$.assets.features[2].id (id LAMP-1-01)");
        Assert.Equal("duplicate asset id 'LAMP-1-01' (first defined at $.assets.features[1])", message);
    }

    [Fact]
    public void Load_LampOnACabinetRunByAnotherAgent_IsReported()
    {
        var city = TestCities.MiniJson();
        city["agents"]!.AsArray().Add(new JsonObject { ["id"] = "CAB-2", ["commune"] = "mini", ["kind"] = "cabinet-controller" });
        TestCities.Properties(city, 2)["agent"] = "CAB-2";

        var message = TestCities.SingleErrorAt(TestCities.LoadFailing(city), "$.assets.features[2].properties.agent (id LAMP-1-02)");
        Assert.Contains("cabinet 'CAB-1' is run by agent 'CAB-1'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AgentOfTheWrongKind_IsReported()
    {
        var city = TestCities.MiniJson();
        TestCities.Properties(city, 3)["agent"] = "BUS-01";

        var errors = TestCities.LoadFailing(city).Errors;

        Assert.Contains(errors, e => e.Location == "$.assets.features[3].properties.agent (id BIN-0001)"
            && e.Message == "agent 'BUS-01' is a bus-tracker and cannot speak for a wastebin");
        Assert.Contains(errors, e => e.Location == "$.agents[1] (id GW-1)" && e.Message.Contains("owns no asset", StringComparison.Ordinal));
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Load_CabinetOnABin_IsReported()
    {
        var city = TestCities.MiniJson();
        TestCities.Properties(city, 3)["cabinet"] = "CAB-1";

        var message = TestCities.SingleErrorAt(TestCities.LoadFailing(city), "$.assets.features[3].properties.cabinet (id BIN-0001)");
        Assert.Equal("only streetlights hang on a cabinet, not a wastebin", message);
    }

    [Fact]
    public void Load_MisspeltField_IsReportedAsUnknown()
    {
        var city = TestCities.MiniJson();
        TestCities.Properties(city, 3)["adress"] = "2 Rue Basse";

        var message = TestCities.SingleErrorAt(TestCities.LoadFailing(city), "$.assets.features[3].properties.adress (id BIN-0001)");
        Assert.Equal("unknown field 'adress'", message);
    }

    [Fact]
    public void Load_BadDuration_IsReported()
    {
        var city = TestCities.MiniJson();
        city["routes"]![0]!["headway"] = "15 minutes";

        var message = TestCities.SingleErrorAt(TestCities.LoadFailing(city), "$.routes[0].headway (id L1)");
        Assert.Contains("ISO 8601 duration", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvalidJson_ReportsLineAndPosition()
    {
        const string json = "{\n  \"version\": 1,\n  \"communes\": [\n    {\"id\": \"x\" \"name\": \"y\"}\n  ]\n}\n";

        var ex = TestCities.LoadFailing(json);

        var error = Assert.Single(ex.Errors);
        Assert.StartsWith("invalid JSON at line 4, position 16:", error.Message, StringComparison.Ordinal);
        Assert.Contains("mini.city.json: $: invalid JSON at line 4, position 16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedFile_ReportsInvalidJson()
    {
        var ex = TestCities.LoadFailing(TestCities.Mini[..200]);

        Assert.StartsWith("invalid JSON at line ", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FromPath_PrefixesErrorsWithTheFileName()
    {
        var directory = Directory.CreateTempSubdirectory("iot-city-");
        try
        {
            var path = Path.Combine(directory.FullName, "broken.city.json");
            File.WriteAllText(path, TestCities.Mini.Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal));

            var ex = Assert.Throws<CityFileException>(() => CityLoader.Load(path));

            Assert.Equal("broken.city.json", ex.SourceName);
            Assert.Equal(
                "broken.city.json: 1 error in city file\nbroken.city.json: $.version: unsupported version 2 (this hub reads version 1)",
                ex.Message);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_FromPath_LoadsAValidFile()
    {
        var directory = Directory.CreateTempSubdirectory("iot-city-");
        try
        {
            var path = Path.Combine(directory.FullName, TestCities.MiniFileName);
            File.WriteAllText(path, TestCities.Mini);

            Assert.Equal(5, CityLoader.Load(path).Assets.Count);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
