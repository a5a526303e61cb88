using Iot.Access;
using Iot.City;

namespace Iot.Dashboard.Live;

/// <summary>
/// One viewer's share of the live map, without the browser: which of the city's assets this viewer may see (an operator
/// user: the assets its contracts cover, <see cref="ILiveAssetSource.OperatorOf"/>; nobody signed in: none), their
/// states, the counts per status, and which of them the <see cref="Filter"/> shows. Assets are numbered by their place
/// in <see cref="Assets"/> ("local" indices, the browser's); <see cref="LocalIndex"/> maps a city index to it.
/// Not thread-safe: the page uses it from its renderer only.
/// </summary>
public sealed class ViewerMap
{
    private readonly Asset[] _assets;
    private readonly int[] _localIndex;
    // The operator of each of the viewer's assets (same order as _assets).
    private readonly string?[] _operatorOf;
    private readonly AssetState[] _states;
    private readonly bool[] _visible;
    private readonly int[] _counts = new int[Enum.GetValues<AssetStatus>().Length];

    /// <summary>A map with no assets: what a page holds before it knows its viewer.</summary>
    public ViewerMap()
    {
        _assets = [];
        _localIndex = [];
        _operatorOf = [];
        _states = [];
        _visible = [];
        OperatorChoices = [];
    }

    /// <param name="source">The city and the operator of each asset.</param>
    /// <param name="viewer">Who is signed in; null when nobody is (sees nothing).</param>
    public ViewerMap(ILiveAssetSource source, Viewer? viewer)
    {
        ArgumentNullException.ThrowIfNull(source);
        var city = source.City.Assets;
        _localIndex = new int[city.Count];
        var mine = new List<Asset>(city.Count);
        var operators = new List<string?>(city.Count);
        for (var i = 0; i < city.Count; i++)
        {
            // Nobody signed in (or an unknown role) sees nothing.
            var operatorId = source.OperatorOf(i);
            var visible = viewer is not null && HubAccess.MaySeeOperator(viewer, operatorId);
            _localIndex[i] = visible ? mine.Count : -1;
            if (visible)
            {
                mine.Add(city[i]);
                operators.Add(operatorId);
            }
        }

        _assets = [.. mine];
        _operatorOf = [.. operators];
        OperatorChoices = viewer is { SeesAll: true }
            ? [.. source.City.Operators.Where(o => operators.Contains(o.Id))]
            : [];
        _states = new AssetState[_assets.Length];
        _visible = new bool[_assets.Length];
    }

    /// <summary>The assets this viewer may see, in the city's order (local index = position here).</summary>
    public IReadOnlyList<Asset> Assets => _assets;

    /// <summary>The operators the operator filter offers: those of the viewer's assets for a viewer who sees all; none otherwise.</summary>
    public IReadOnlyList<Operator> OperatorChoices { get; }

    /// <summary>The current states of <see cref="Assets"/>, by local index.</summary>
    public ReadOnlySpan<AssetState> States => _states;

    public MapFilter Filter { get; private set; } = MapFilter.All;

    /// <summary>How many of the viewer's assets the filter shows.</summary>
    public int Shown { get; private set; }

    /// <summary>How many of the viewer's assets are in <paramref name="status"/> (whatever the filter).</summary>
    public int Count(AssetStatus status) => _counts[(int)status];

    /// <summary>Whether the filter shows the asset at that local index.</summary>
    public bool IsVisible(int local) => _visible[local];

    /// <summary>The local index of the city's asset <paramref name="cityIndex"/>; -1 when the viewer may not see it.</summary>
    public int LocalIndex(int cityIndex) => _localIndex[cityIndex];

    /// <summary>The local index of the viewer's asset with that id (any case); -1 when there is none.</summary>
    public int IndexOf(string id)
    {
        for (var i = 0; i < _assets.Length; i++)
        {
            if (string.Equals(_assets[i].Id, id, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Takes the states of the whole city, in city order (as <see cref="LiveMapFeed.Snapshot"/> writes them), and keeps the viewer's.</summary>
    public void Load(ReadOnlySpan<AssetState> cityStates)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(cityStates.Length, _localIndex.Length);
        for (var i = 0; i < cityStates.Length; i++)
        {
            if (_localIndex[i] >= 0)
            {
                _states[_localIndex[i]] = cityStates[i];
            }
        }

        Recount();
    }

    /// <summary>Shows only the assets <paramref name="filter"/> matches; counts and <see cref="Shown"/> follow.</summary>
    public void SetFilter(MapFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        Filter = filter;
        Recount();
    }

    /// <summary>
    /// Applies changes given in city indices. <paramref name="deltas"/> is rewritten in place: only the viewer's assets are
    /// kept, in local indices, in the same order. True when a status count or the number shown changed (the legend).
    /// </summary>
    public bool Apply(List<AssetDelta> deltas)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        var mineCount = 0;
        for (var d = 0; d < deltas.Count; d++)
        {
            if (_localIndex[deltas[d].Index] is var local and >= 0)
            {
                deltas[mineCount++] = new AssetDelta(local, deltas[d].State);
            }
        }

        deltas.RemoveRange(mineCount, deltas.Count - mineCount);
        var countsChanged = false;
        var filter = Filter;
        foreach (var (index, state) in deltas)
        {
            countsChanged |= _states[index].Status != state.Status;
            _counts[(int)_states[index].Status]--;
            _counts[(int)state.Status]++;
            _states[index] = state;
            var visible = filter.Matches(_assets[index], state.Status, _operatorOf[index]);
            if (visible != _visible[index])
            {
                Shown += visible ? 1 : -1;
                _visible[index] = visible;
                countsChanged = true;
            }
        }

        return countsChanged;
    }

    /// <summary>One byte per local index: 1 when the filter shows the asset (the browser's form).</summary>
    public byte[] VisibilityMask()
    {
        var mask = new byte[_visible.Length];
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = _visible[i] ? (byte)1 : (byte)0;
        }

        return mask;
    }

    private void Recount()
    {
        Array.Clear(_counts);
        var filter = Filter;
        Shown = 0;
        for (var i = 0; i < _states.Length; i++)
        {
            _counts[(int)_states[i].Status]++;
            _visible[i] = filter.Matches(_assets[i], _states[i].Status, _operatorOf[i]);
            Shown += _visible[i] ? 1 : 0;
        }
    }
}
