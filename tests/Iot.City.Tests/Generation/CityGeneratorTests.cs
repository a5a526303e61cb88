using Iot.Contracts;
using NetTopologySuite.Geometries;
using Xunit;

namespace Iot.City.Tests.Generation;

public class CityGeneratorTests
{
    private static readonly CityModel Demo = CityGenerator.Generate(CityGeneratorOptions.Demo);

    [Fact]
    public void Generate_SameOptions_GivesByteIdenticalFiles()
    {
        var first = TestCities.WriteToBytes(CityGenerator.Generate(CityGeneratorOptions.Demo));
        var second = TestCities.WriteToBytes(CityGenerator.Generate(CityGeneratorOptions.Demo));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Generate_OtherSeed_GivesAnotherTown()
    {
        var other = CityGenerator.Generate(CityGeneratorOptions.Demo with { Seed = 7 });

        Assert.Equal(Demo.Assets.Count, other.Assets.Count);
        Assert.NotEqual(TestCities.WriteToBytes(Demo), TestCities.WriteToBytes(other));
    }

    [Fact]
    public void Generate_Demo_MeetsTheDemoMinimums()
    {
        Assert.Equal("demo", Assert.Single(Demo.Communes).Id);
        Assert.True(Demo.Districts.Count >= 4, $"{Demo.Districts.Count} districts");
        Assert.True(Count(ServiceKind.Cabinet) >= 40, $"{Count(ServiceKind.Cabinet)} cabinets");
        Assert.True(Count(ServiceKind.Streetlight) >= 2000, $"{Count(ServiceKind.Streetlight)} lamps");
        Assert.True(Count(ServiceKind.Wastebin) >= 300, $"{Count(ServiceKind.Wastebin)} bins");
        Assert.True(Demo.Routes.Count >= 4, $"{Demo.Routes.Count} routes");
        Assert.True(Count(ServiceKind.Bus) >= 20, $"{Count(ServiceKind.Bus)} buses");
        Assert.Equal((6, 48, 2112, 320, 5, 25), (Demo.Districts.Count, Count(ServiceKind.Cabinet), Count(ServiceKind.Streetlight), Count(ServiceKind.Wastebin), Demo.Routes.Count, Count(ServiceKind.Bus)));
    }

    [Fact]
    public void Generate_Demo_EveryAssetLiesInsideItsDistrict()
    {
        var districts = Demo.Districts.ToDictionary(d => d.Id);

        var outside = Demo.Assets.Where(a => !districts[a.DistrictId].Area.Covers(a.Location)).Select(a => a.Id).ToList();

        Assert.Empty(outside);
        Assert.Equal(Demo.Districts.Count, Demo.Assets.Select(a => a.DistrictId).Distinct().Count());
    }

    [Fact]
    public void Generate_Demo_DistrictsTileTheTownWithoutOverlap()
    {
        var areas = Demo.Districts.Select(d => d.Area).ToList();
        var zone = Demo.Contracts[0].Zone;

        Assert.Equal(zone.Area, areas.Sum(a => a.Area), 12);
        for (var i = 0; i < areas.Count; i++)
        {
            for (var j = i + 1; j < areas.Count; j++)
            {
                Assert.Equal(0, areas[i].Intersection(areas[j]).Area, 15);
            }
        }
    }

    [Fact]
    public void Generate_Demo_EveryLampHangsOnACabinetOfTheSameAgent()
    {
        var cabinets = Demo.Assets.Where(a => a.Service == ServiceKind.Cabinet).ToDictionary(a => a.Id);

        foreach (var lamp in Demo.Assets.Where(a => a.Service == ServiceKind.Streetlight))
        {
            Assert.True(cabinets.TryGetValue(lamp.CabinetId!, out var cabinet), $"{lamp.Id} hangs on missing cabinet {lamp.CabinetId}");
            Assert.Equal(cabinet.AgentId, lamp.AgentId);
        }

        Assert.All(cabinets.Values, c => Assert.Equal(44, c.FindModelValue("lampCount")));
    }

    [Fact]
    public void Generate_Demo_LampsOfACabinetAreAboutThirtyMetresApartAlongTheirStreet()
    {
        var lamps = Demo.Assets.Where(a => a.CabinetId == "CAB-001").ToList();

        Assert.Equal("LAMP-001-01", lamps[0].Id);
        Assert.Equal("LAMP-001-44", lamps[^1].Id);
        for (var i = 1; i < lamps.Count; i++)
        {
            var step = CityGeometry.MetersBetween(lamps[i - 1].Location.Coordinate, lamps[i].Location.Coordinate);

            // Consecutive lamps stand 30 m apart along the street, on alternate sides 14 m apart.
            Assert.InRange(step, 32.5, 33.5);
        }
    }

    [Fact]
    public void Generate_Demo_AgentsFollowTheIdConventionsAndEachOwnsSomething()
    {
        var owned = Demo.Assets.GroupBy(a => a.AgentId).ToDictionary(g => g.Key, g => g.ToList());

        Assert.All(Demo.Agents, agent => Assert.True(owned.ContainsKey(agent.Id), $"{agent.Id} owns nothing"));
        Assert.Equal(45, owned["CAB-001"].Count);
        Assert.Equal("CAB-001", owned["CAB-001"][0].Id);
        Assert.Equal(["BUS-01"], owned["BUS-01"].Select(a => a.Id));
        Assert.Equal(25, owned["GW-01"].Count);
        Assert.Equal("BIN-0001", owned["GW-01"][0].Id);
        Assert.Equal(13, Demo.Agents.Count(a => a.Kind == AgentKinds.BinGateway));
        Assert.All(Demo.Agents, agent => Assert.All(owned[agent.Id], asset => Assert.True(AgentKinds.CanOwn(agent.Kind, asset.Service))));
    }

    [Fact]
    public void Generate_Demo_BusesRunOnTheirRoute()
    {
        var routes = Demo.Routes.ToDictionary(r => r.Id);

        foreach (var bus in Demo.Assets.Where(a => a.Service == ServiceKind.Bus))
        {
            var shape = routes[bus.RouteId!].Shape;
            var metres = shape.Distance(bus.Location) * CityGeometry.MetersPerDegree(bus.Location.Y).PerDegreeLatitude;
            Assert.True(metres < 1, $"{bus.Id} is {metres:F1} m from its route");
        }

        Assert.All(Demo.Routes, r => Assert.Equal(5, Demo.Assets.Count(a => a.RouteId == r.Id)));
        Assert.All(Demo.Routes, r => Assert.True(r.Shape.Length > 0 && r.Depot is not null));
    }

    [Fact]
    public void Generate_Demo_HasOneOperatorPerServiceAndTheStandardSla()
    {
        var operatorOf = Demo.Contracts.ToDictionary(c => c.Service, c => c.OperatorId);

        Assert.Equal(ServiceKinds.All.Count, operatorOf.Count);
        Assert.Equal(operatorOf[ServiceKind.Streetlight], operatorOf[ServiceKind.Cabinet]);
        Assert.Equal(3, operatorOf.Values.Distinct().Count());
        var critical = Demo.Contracts[0].FindSla(SlaSeverities.Critical)!;
        Assert.Equal((TimeSpan.FromMinutes(30), TimeSpan.FromHours(4)), (critical.Acknowledge, critical.Repair));
        Assert.Equal(TimeSpan.FromDays(7), Demo.Contracts[0].FindSla(SlaSeverities.Low)!.Repair);
        Assert.All(Demo.Assets, a => Assert.True(Demo.Contracts.Single(c => c.Service == a.Service).Zone.Covers(a.Location)));
    }

    [Fact]
    public void Generate_Demo_StreetsSpanThreeKilometresAroundTheCentre()
    {
        var streets = new Envelope();
        foreach (var street in Demo.Streets)
        {
            streets.ExpandToInclude(street.Line.EnvelopeInternal);
        }

        var assets = new Envelope();
        foreach (var asset in Demo.Assets)
        {
            assets.ExpandToInclude(asset.Location.Coordinate);
        }

        var (perLongitude, perLatitude) = CityGeometry.MetersPerDegree(streets.Centre.Y);
        Assert.Equal(3000, streets.Width * perLongitude, 1.0);
        Assert.Equal(3000, streets.Height * perLatitude, 1.0);
        Assert.InRange(CityGeometry.MetersBetween(streets.Centre, new Coordinate(7.2661, 43.7031)), 0, 1);
        Assert.InRange(assets.Width * perLongitude, 2500, 3100);
        Assert.InRange(assets.Height * perLatitude, 2500, 3100);
    }

    [Fact]
    public void Generate_Large_HasTheRequestedNumberOfAssetsAndLoadsBack()
    {
        var large = CityGenerator.Generate(CityGeneratorOptions.Large(10_000));

        Assert.Equal(10_000, large.Assets.Count);
        Assert.True(large.Assets.Count(a => a.Service == ServiceKind.Streetlight) > 7000);
        Assert.Equal(large, TestCities.Reload(large));
    }

    [Fact]
    public void Generate_InvalidOptions_NamesTheOption()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => CityGenerator.Generate(CityGeneratorOptions.Demo with { Streets = 1 }));

        Assert.Equal("Streets", ex.ParamName);
    }

    private static int Count(ServiceKind service) => Demo.Assets.Count(a => a.Service == service);
}
