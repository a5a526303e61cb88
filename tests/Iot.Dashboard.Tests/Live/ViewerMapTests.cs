using Iot.Access;
using Iot.Contracts;
using Iot.Dashboard.Live;
using Iot.Dashboard.Tests.Infrastructure;

namespace Iot.Dashboard.Tests.Live;

/// <summary>One viewer's share of the live map, without bUnit or a browser: the demo city with operators set by hand.</summary>
public sealed class ViewerMapTests
{
    private static readonly Viewer Admin = new("alice", HubRoles.Admin, null);
    private static readonly Viewer LightOperator = new("ops-1", HubRoles.Operator, "OP-LIGHT");

    private readonly FakeAssetSource _source = new();

    public ViewerMapTests()
    {
        // Assets 0..9 belong to OP-LIGHT, 10..14 to OP-BUS, the rest to no contract.
        for (var i = 0; i < _source.City.Assets.Count; i++)
        {
            _source.Operators[i] = i < 10 ? "OP-LIGHT" : i < 15 ? "OP-BUS" : null;
        }
    }

    private ViewerMap Load(Viewer? viewer)
    {
        var map = new ViewerMap(_source, viewer);
        map.Load(_source.States);
        return map;
    }

    [Fact]
    public void Admin_SeesEveryAsset_InCityOrder()
    {
        var map = Load(Admin);

        Assert.Equal(_source.City.Assets, map.Assets);
        Assert.Equal(5, map.LocalIndex(5));
        Assert.Equal(_source.City.Assets.Count, map.Shown);
    }

    [Fact]
    public void OperatorUser_SeesOnlyItsAssets_NumberedFromZero()
    {
        var map = Load(LightOperator);

        Assert.Equal(_source.City.Assets.Take(10), map.Assets);
        Assert.Equal(3, map.LocalIndex(3));
        Assert.Equal(-1, map.LocalIndex(12));
        Assert.Equal(-1, map.LocalIndex(_source.City.Assets.Count - 1));
        Assert.Empty(map.OperatorChoices); // it sees only its own: nothing to choose
    }

    [Fact]
    public void NobodySignedIn_SeesNothing()
    {
        var map = Load(null);

        Assert.Empty(map.Assets);
        Assert.Equal(0, map.Shown);
        Assert.Equal(-1, map.LocalIndex(0));
    }

    [Fact]
    public void Admin_IsOfferedOnlyTheOperatorsOfItsAssets()
    {
        var map = Load(Admin);

        Assert.Equal(
            _source.City.Operators.Where(o => o.Id is "OP-LIGHT" or "OP-BUS").Select(o => o.Id),
            map.OperatorChoices.Select(o => o.Id));
    }

    [Fact]
    public void Counts_AreTheViewersAssetsPerStatus()
    {
        _source.Set(1, AssetStatus.Fault);
        _source.Set(2, AssetStatus.Fault);
        _source.Set(11, AssetStatus.Fault); // OP-BUS's: not counted for OP-LIGHT

        var map = Load(LightOperator);

        Assert.Equal(2, map.Count(AssetStatus.Fault));
        Assert.Equal(8, map.Count(AssetStatus.Unknown));
        Assert.Equal(0, map.Count(AssetStatus.Ok));
    }

    [Fact]
    public void Apply_KeepsTheViewersChanges_InLocalIndices_AndUpdatesTheCounts()
    {
        var map = Load(LightOperator);
        var state = _source.States[4] with { Status = AssetStatus.Offline };
        List<AssetDelta> deltas = [new(12, state), new(4, state), new(_source.City.Assets.Count - 1, state)];

        var changed = map.Apply(deltas);

        Assert.True(changed);
        Assert.Equal(new[] { new AssetDelta(4, state) }, deltas);
        Assert.Equal(1, map.Count(AssetStatus.Offline));
        Assert.Equal(9, map.Count(AssetStatus.Unknown));
        Assert.Equal(AssetStatus.Offline, map.States[4].Status);
    }

    [Fact]
    public void Apply_SameStatusNewPosition_IsNotACountChange()
    {
        var map = Load(Admin);
        var moved = _source.States[3] with { Latitude = _source.States[3].Latitude + 0.001 };

        var changed = map.Apply([new AssetDelta(3, moved)]);

        Assert.False(changed);
        Assert.Equal(moved, map.States[3]);
    }

    [Fact]
    public void SetFilter_ShowsOnlyTheMatches_InTheMask()
    {
        var map = Load(Admin);

        map.SetFilter(MapFilter.All with { OperatorId = "OP-BUS" });

        var mask = map.VisibilityMask();
        Assert.Equal(_source.City.Assets.Count, mask.Length);
        Assert.Equal(Enumerable.Range(0, mask.Length).Select(i => i is >= 10 and < 15 ? (byte)1 : (byte)0), mask);
        Assert.Equal(5, map.Shown);
        Assert.Equal(_source.City.Assets.Count, map.Count(AssetStatus.Unknown)); // counts ignore the filter
    }

    [Fact]
    public void Apply_AnAssetEnteringTheStatusFilter_BecomesVisible()
    {
        var map = Load(Admin);
        map.SetFilter(MapFilter.All with { Statuses = new HashSet<AssetStatus> { AssetStatus.Fault } });
        Assert.Equal(0, map.Shown);

        var changed = map.Apply([new AssetDelta(7, _source.States[7] with { Status = AssetStatus.Fault })]);

        Assert.True(changed);
        Assert.True(map.IsVisible(7));
        Assert.Equal(1, map.Shown);
    }

    [Fact]
    public void IndexOf_FindsTheViewersAssetInAnyCase_AndNotAnothersAsset()
    {
        var map = Load(LightOperator);

        Assert.Equal(2, map.IndexOf(_source.City.Assets[2].Id.ToLowerInvariant()));
        Assert.Equal(-1, map.IndexOf(_source.City.Assets[12].Id));
    }

    [Fact]
    public void Empty_HasNothing_AndTheDefaultFilter()
    {
        var map = new ViewerMap();

        Assert.Empty(map.Assets);
        Assert.Same(MapFilter.All, map.Filter);
        Assert.Equal(0, map.Shown);
    }
}
