using Iot.Contracts;
using Iot.Dashboard.Live;
using Iot.Dashboard.Tests.Infrastructure;

namespace Iot.Dashboard.Tests.Live;

public sealed class MapFilterTests
{
    private readonly FakeAssetSource _city = new();

    [Fact]
    public void All_MatchesEveryAsset()
    {
        Assert.All(_city.City.Assets, a => Assert.True(MapFilter.All.Matches(a, AssetStatus.Unknown)));
    }

    [Fact]
    public void Service_KeepsOnlyThatService()
    {
        var filter = MapFilter.All with { Services = new HashSet<ServiceKind> { ServiceKind.Bus } };
        var shown = _city.City.Assets.Where(a => filter.Matches(a, AssetStatus.Ok)).ToList();
        Assert.NotEmpty(shown);
        Assert.All(shown, a => Assert.Equal(ServiceKind.Bus, a.Service));
        Assert.Equal(_city.City.Assets.Count(a => a.Service == ServiceKind.Bus), shown.Count);
    }

    [Fact]
    public void District_KeepsOnlyThatDistrict()
    {
        var district = _city.City.Districts[1].Id;
        var filter = MapFilter.All with { DistrictId = district };
        Assert.Equal(_city.City.Assets.Count(a => a.DistrictId == district), _city.City.Assets.Count(a => filter.Matches(a, AssetStatus.Ok)));
    }

    [Fact]
    public void Status_KeepsOnlyTheChosenStatuses()
    {
        var filter = MapFilter.All with { Statuses = new HashSet<AssetStatus> { AssetStatus.Fault, AssetStatus.Offline } };
        var asset = _city.City.Assets[0];
        Assert.True(filter.Matches(asset, AssetStatus.Fault));
        Assert.True(filter.Matches(asset, AssetStatus.Offline));
        Assert.False(filter.Matches(asset, AssetStatus.Ok));
    }

    [Fact]
    public void Search_MatchesIdOrAddressIgnoringCase()
    {
        var withAddress = _city.City.Assets.First(a => a.Address is { Length: > 6 });
        var byId = MapFilter.All with { Search = withAddress.Id.ToLowerInvariant() };
        var byAddress = MapFilter.All with { Search = " " + withAddress.Address![2..^2].ToUpperInvariant() + " " };
        Assert.True(byId.Matches(withAddress, AssetStatus.Ok));
        Assert.True(byAddress.Matches(withAddress, AssetStatus.Ok));
        Assert.False((MapFilter.All with { Search = "no-such-asset-zz" }).Matches(withAddress, AssetStatus.Ok));
    }

    [Fact]
    public void Operator_KeepsOnlyThatOperatorsAssets()
    {
        var filter = MapFilter.All with { OperatorId = "OP-LIGHT" };
        var asset = _city.City.Assets[0];
        Assert.True(filter.Matches(asset, AssetStatus.Ok, "OP-LIGHT"));
        Assert.False(filter.Matches(asset, AssetStatus.Ok, "OP-WASTE"));
        Assert.False(filter.Matches(asset, AssetStatus.Ok, null)); // an asset no contract covers is nobody's
        Assert.True(MapFilter.All.Matches(asset, AssetStatus.Ok, null));
    }
}
