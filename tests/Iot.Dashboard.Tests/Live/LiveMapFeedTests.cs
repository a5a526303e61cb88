using Iot.Dashboard.Live;
using Iot.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Iot.Dashboard.Tests.Live;

public sealed class LiveMapFeedTests
{
    private readonly FakeAssetSource _source = new();
    private readonly FakeTimeProvider _time = new();

    private LiveMapFeed Feed() => new(_source, _time, Microsoft.Extensions.Options.Options.Create(new DashboardOptions { RefreshMs = 250 }));

    [Fact]
    public void ChangesSince_OneAssetChanged_ReturnsOnlyThatAsset()
    {
        var feed = Feed();
        var start = feed.Snapshot(new AssetState[feed.Count]);
        _source.Set(7, AssetStatus.Fault);
        _time.Advance(TimeSpan.FromMilliseconds(250));

        var deltas = new List<AssetDelta>();
        var version = feed.ChangesSince(start, deltas);

        var delta = Assert.Single(deltas);
        Assert.Equal(7, delta.Index);
        Assert.Equal(AssetStatus.Fault, delta.State.Status);
        Assert.True(version > start);
    }

    [Fact]
    public void ChangesSince_AssetChangedTwiceBetweenPushes_IsSentOnceWithItsLatestState()
    {
        var feed = Feed();
        var start = feed.Snapshot(new AssetState[feed.Count]);
        _source.Set(3, AssetStatus.Fault);
        _time.Advance(TimeSpan.FromMilliseconds(250));
        feed.ChangesSince(start, []); // another circuit's push reads the first change
        _source.Set(3, AssetStatus.Offline);
        _source.Set(4, AssetStatus.Ok);
        _time.Advance(TimeSpan.FromMilliseconds(250));

        var deltas = new List<AssetDelta>();
        feed.ChangesSince(start, deltas);

        Assert.Equal([3, 4], deltas.Select(d => d.Index));
        Assert.Equal(AssetStatus.Offline, deltas[0].State.Status);
    }

    [Fact]
    public void ChangesSince_WithinTheRefreshInterval_DoesNotReadTheHubAgain()
    {
        var feed = Feed();
        var start = feed.Snapshot(new AssetState[feed.Count]);
        var reads = _source.Reads;
        _source.Set(1, AssetStatus.Fault);

        var deltas = new List<AssetDelta>();
        for (var circuit = 0; circuit < 10; circuit++)
        {
            Assert.Equal(start, feed.ChangesSince(start, deltas));
        }

        Assert.Empty(deltas);
        Assert.Equal(reads, _source.Reads);
        _time.Advance(TimeSpan.FromMilliseconds(250));
        feed.ChangesSince(start, deltas);
        Assert.Equal(reads + 1, _source.Reads);
        Assert.Equal(1, Assert.Single(deltas).Index);
    }

    [Fact]
    public void ChangesSince_NothingChanged_ReturnsNothingAndTheSameVersion()
    {
        var feed = Feed();
        var start = feed.Snapshot(new AssetState[feed.Count]);
        _time.Advance(TimeSpan.FromSeconds(5));

        var deltas = new List<AssetDelta>();
        Assert.Equal(start, feed.ChangesSince(start, deltas));
        Assert.Empty(deltas);
    }

    [Fact]
    public void ChangesSince_BusMoved_SendsItsNewPosition()
    {
        var feed = Feed();
        var start = feed.Snapshot(new AssetState[feed.Count]);
        var bus = _source.City.Assets.ToList().FindIndex(a => a.Service == Iot.Contracts.ServiceKind.Bus);
        _source.States[bus] = _source.States[bus] with { Latitude = _source.States[bus].Latitude + 0.001 };
        _time.Advance(TimeSpan.FromMilliseconds(250));

        var deltas = new List<AssetDelta>();
        feed.ChangesSince(start, deltas);

        Assert.Equal(_source.States[bus].Latitude, Assert.Single(deltas).State.Latitude);
    }
}
