using Iot.Dashboard.Live;
using Microsoft.Extensions.Time.Testing;

namespace Iot.Dashboard.Tests.Live;

/// <summary>A burst of changes becomes one refresh, on a fake clock.</summary>
public sealed class CoalescedRefreshTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(250);
    private readonly FakeTimeProvider _time = new();
    private int _refreshes;

    private CoalescedRefresh Create() => new(_time, Delay, () =>
    {
        _refreshes++;
        return Task.CompletedTask;
    });

    [Fact]
    public void Request_RefreshesOnceTheDelayHasPassed_NotBefore()
    {
        using var refresh = Create();

        refresh.Request();
        _time.Advance(Delay - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, _refreshes);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _refreshes);
    }

    [Fact]
    public void ManyRequestsWithinTheDelay_AreOneRefresh()
    {
        using var refresh = Create();

        for (var i = 0; i < 50; i++)
        {
            refresh.Request();
            _time.Advance(TimeSpan.FromMilliseconds(2));
        }

        _time.Advance(Delay);
        Assert.Equal(1, _refreshes);
    }

    [Fact]
    public void BurstsDelayApart_AreOneRefreshEach()
    {
        using var refresh = Create();

        refresh.Request();
        refresh.Request();
        _time.Advance(Delay);
        refresh.Request();
        refresh.Request();
        _time.Advance(Delay);

        Assert.Equal(2, _refreshes);
    }

    [Fact]
    public void NoRequest_NoRefresh()
    {
        using var refresh = Create();

        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(0, _refreshes);
    }

    [Fact]
    public void RequestDuringTheRefresh_SchedulesAnother()
    {
        CoalescedRefresh? refresh = null;
        var requestedInside = false;
        refresh = new CoalescedRefresh(_time, Delay, () =>
        {
            _refreshes++;
            if (!requestedInside)
            {
                requestedInside = true;
                refresh!.Request(); // a change committed while the page reads
            }

            return Task.CompletedTask;
        });
        using (refresh)
        {
            refresh.Request();
            _time.Advance(Delay);
            Assert.Equal(1, _refreshes);

            _time.Advance(Delay);
            Assert.Equal(2, _refreshes);
        }
    }

    [Fact]
    public void Dispose_DropsThePendingRefresh_AndLaterRequests()
    {
        var refresh = Create();
        refresh.Request();

        refresh.Dispose();
        refresh.Request();
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(0, _refreshes);
    }
}
