using Iot.Contracts;
using NetTopologySuite.Geometries;
using Xunit;

namespace Iot.City.Tests.Indexing;

public class CityIndexTests
{
    private static readonly CityIndex Demo = new(CityGenerator.Generate(CityGeneratorOptions.Demo));

    [Fact]
    public void FindAsset_KnownAndUnknownIds()
    {
        Assert.Equal(ServiceKind.Streetlight, Demo.FindAsset("LAMP-012-07")!.Service);
        Assert.Null(Demo.FindAsset("LAMP-999-99"));
    }

    [Fact]
    public void AssetsOfAgent_CabinetControllerSpeaksForItsCabinetAndLamps()
    {
        var owned = Demo.AssetsOfAgent("CAB-012");

        Assert.Equal(45, owned.Count);
        Assert.Equal("CAB-012", owned[0].Id);
        Assert.Equal(44, Demo.LampsOfCabinet("CAB-012").Count);
        Assert.Empty(Demo.AssetsOfAgent("nobody"));
    }

    [Fact]
    public void Nearest_ReturnsTheClosestAssetOnTheGround()
    {
        var lamp = Demo.FindAsset("LAMP-003-10")!;
        var near = CityGeometry.Offset(lamp.Location.Coordinate, 1, 1);

        Assert.Equal("LAMP-003-10", Demo.Nearest(near)!.Id);
        var bin = Demo.Nearest(near, ServiceKind.Wastebin)!;
        var bruteForce = Demo.City.Assets.Where(a => a.Service == ServiceKind.Wastebin)
            .MinBy(a => CityGeometry.MetersBetween(a.Location.Coordinate, near))!;
        Assert.Equal(bruteForce.Id, bin.Id);
    }

    [Fact]
    public void Within_ReturnsExactlyTheAssetsInTheBox()
    {
        var lamp = Demo.FindAsset("LAMP-020-20")!.Location.Coordinate;
        var box = new Envelope(CityGeometry.Offset(lamp, -150, -150), CityGeometry.Offset(lamp, 150, 150));

        var found = Demo.Within(box).Select(a => a.Id).Order(StringComparer.Ordinal).ToList();

        var expected = Demo.City.Assets.Where(a => box.Covers(a.Location.Coordinate)).Select(a => a.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, found);
        Assert.Contains("LAMP-020-20", found);
    }

    [Fact]
    public void FindContract_RoutesAnAssetToTheOperatorOfItsService()
    {
        var lamp = Demo.FindAsset("LAMP-001-01")!;
        var bin = Demo.FindAsset("BIN-0001")!;

        Assert.Equal("OP-LIGHT", Demo.FindContract(lamp, new DateOnly(2026, 3, 1))!.OperatorId);
        Assert.Equal("OP-WASTE", Demo.FindContract(bin, new DateOnly(2026, 3, 1))!.OperatorId);
        Assert.Null(Demo.FindContract(lamp, new DateOnly(2040, 1, 1)));
    }

    [Fact]
    public void LocateDistrict_AgreesWithTheAssetsDistrict()
    {
        var bus = Demo.FindAsset("BUS-07")!;

        Assert.Equal(bus.DistrictId, Demo.LocateDistrict("demo", bus.Location)!.Id);
        Assert.Null(Demo.LocateDistrict("demo", CityGeometry.Factory.CreatePoint(new Coordinate(0, 0))));
    }
}
