using Microsoft.Extensions.Options;

namespace Iot.Dashboard.Live;

/// <summary>
/// The map's shared snapshot of every asset's state. Circuits ask for the changes since the version they last saw;
/// the snapshot is refreshed from the hub's in-memory state at most once per <see cref="DashboardOptions.RefreshMs"/>,
/// however many circuits ask, and never when none does. Each change stamps the asset with a new version, so a circuit's
/// delta holds only the assets that changed since it last pushed (coalesced: several changes in between count once).
/// </summary>
public sealed class LiveMapFeed
{
    private readonly ILiveAssetSource _source;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refreshEvery;
    private readonly Lock _lock = new();
    private readonly AssetState[] _states;
    private readonly AssetState[] _scratch;
    private readonly long[] _changedAt;
    private long _version;
    private long _refreshedAt = long.MinValue;

    public LiveMapFeed(ILiveAssetSource source, TimeProvider time, IOptions<DashboardOptions> options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        _source = source;
        _time = time;
        _refreshEvery = TimeSpan.FromMilliseconds(options.Value.RefreshMs);
        var count = source.City.Assets.Count;
        _states = new AssetState[count];
        _scratch = new AssetState[count];
        _changedAt = new long[count];
        _source.ReadStates(_states);
        _refreshedAt = _time.GetTimestamp();
    }

    public int Count => _states.Length;

    /// <summary>The state of every asset and the version it stands at; a circuit starts from this.</summary>
    public long Snapshot(Span<AssetState> into)
    {
        lock (_lock)
        {
            RefreshIfDue();
            _states.CopyTo(into);
            return _version;
        }
    }

    /// <summary>Adds to <paramref name="into"/> the assets that changed after <paramref name="sinceVersion"/>; returns the current version.</summary>
    public long ChangesSince(long sinceVersion, List<AssetDelta> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        lock (_lock)
        {
            RefreshIfDue();
            if (_version == sinceVersion)
            {
                return _version;
            }

            for (var i = 0; i < _changedAt.Length; i++)
            {
                if (_changedAt[i] > sinceVersion)
                {
                    into.Add(new AssetDelta(i, _states[i]));
                }
            }

            return _version;
        }
    }

    private void RefreshIfDue()
    {
        if (_time.GetElapsedTime(_refreshedAt) < _refreshEvery)
        {
            return;
        }

        _source.ReadStates(_scratch);
        _refreshedAt = _time.GetTimestamp();
        var version = _version + 1;
        var changed = false;
        for (var i = 0; i < _states.Length; i++)
        {
            if (_scratch[i] != _states[i])
            {
                _states[i] = _scratch[i];
                _changedAt[i] = version;
                changed = true;
            }
        }

        if (changed)
        {
            _version = version;
        }
    }
}
