using Iot.Access;
using Iot.City;
using Iot.Contracts;
using Iot.Dashboard.Components.Map;
using Iot.Dashboard.Live;
using Iot.Dashboard.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace Iot.Dashboard.Components.Pages;

/// <summary>
/// The live city map. The first render loads every asset into the browser; then a per-circuit timer asks the shared
/// <see cref="LiveMapFeed"/> for the assets that changed since the last push and sends only those (a coalesced delta,
/// at most one per <see cref="DashboardOptions.PushIntervalMs"/>). Filters are decided here and sent as a visibility mask.
/// <para>
/// Scoped on the server, per circuit: the circuit holds only the assets its signed-in <see cref="Viewer"/> may see (an
/// operator user: the assets its contracts cover, <see cref="ILiveAssetSource.OperatorOf"/>), and the browser is sent
/// nothing else — not at load, not in deltas, not in the side panel. Browser indices are positions in that list.
/// </para>
/// </summary>
public sealed partial class LiveMap : IAsyncDisposable
{
    internal static readonly AssetStatus[] StatusOrder =
        [AssetStatus.Fault, AssetStatus.Offline, AssetStatus.Warning, AssetStatus.Unknown, AssetStatus.Ok];

    private readonly List<AssetDelta> _deltas = [];
    private readonly int[] _counts = new int[Enum.GetValues<AssetStatus>().Length];
    private ElementReference _mapElement;
    private IJSObjectReference? _module;
    private IJSObjectReference? _map;
    private DotNetObjectReference<LiveMap>? _self;
    private ITimer? _timer;
    private AssetState[] _all = [];
    private AssetState[] _states = [];
    private Asset[] _assets = [];
    private int[] _localIndex = [];
    private bool[] _visible = [];
    private long _version;
    private int _shown;
    private int _pushing;
    private bool _disposed;
    private bool _ready;
    private Asset? _selected;
    private AssetDetails? _details;
    private MapFilter _filter = MapFilter.All;
    // The operator of each of the viewer's assets (same order as _assets), and the operators offered by the filter
    // (none for an operator user, who sees only its own).
    private string?[] _operatorOf = [];
    private Iot.City.Operator[] _operatorChoices = [];

    [Inject]
    private ILiveAssetSource Source { get; set; } = null!;

    [Inject]
    private LiveMapFeed Feed { get; set; } = null!;

    [Inject]
    private IJSRuntime JS { get; set; } = null!;

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    [Inject]
    private IOptions<DashboardOptions> Options { get; set; } = null!;

    [Inject]
    private IStringLocalizer<Strings> L { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    private bool _panelWasOpen;

    /// <summary>An asset to open at load (<c>/?asset=LAMP-001-01</c>, the devices page's and tickets' links).</summary>
    [SupplyParameterFromQuery(Name = "asset")]
    public string? AssetId { get; set; }

    internal MapFilter Filter => _filter;

    private IReadOnlyCollection<ServiceKind> SelectedServices => _filter.Services;

    private IReadOnlyCollection<AssetStatus> SelectedStatuses => _filter.Statuses;

    /// <summary>The assets this circuit's viewer may see, in the city's order (browser index = position here).</summary>
    internal IReadOnlyList<Asset> ViewerAssets => _assets;

    protected override async Task OnInitializedAsync()
    {
        var viewer = AuthenticationState is null ? null : Viewer.From((await AuthenticationState).User);
        var city = Source.City.Assets;
        _localIndex = new int[city.Count];
        var mine = new List<Asset>(city.Count);
        var operators = new List<string?>(city.Count);
        for (var i = 0; i < city.Count; i++)
        {
            // Nobody signed in (or an unknown role) sees nothing.
            var operatorId = Source.OperatorOf(i);
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
        _operatorChoices = viewer is { SeesAll: true }
            ? [.. Source.City.Operators.Where(o => operators.Contains(o.Id))]
            : [];
        _all = new AssetState[Feed.Count];
        _states = new AssetState[_assets.Length];
        _version = Feed.Snapshot(_all);
        Project();
        _visible = new bool[_states.Length];
        RecountAndFilter();
        _ready = true;
    }

    private void Project()
    {
        for (var i = 0; i < _all.Length; i++)
        {
            if (_localIndex[i] >= 0)
            {
                _states[_localIndex[i]] = _all[i];
            }
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The map is created once, after the first render that follows initialization (which awaits the viewer).
        if (_self is not null || !_ready)
        {
            if (_map is not null && _panelWasOpen != _selected is not null)
            {
                _panelWasOpen = _selected is not null;
                await _map.InvokeVoidAsync("resize"); // the panel took or gave back room
            }

            return;
        }

        _self = DotNetObjectReference.Create(this);
        _module = await JS.InvokeAsync<IJSObjectReference>("import", "./_content/Iot.Dashboard/js/liveMap.js");
        if (_disposed)
        {
            return; // the page went away while the module loaded (DisposeAsync has run: _self is disposed)
        }

        var map = await _module.InvokeAsync<IJSObjectReference>("create", _mapElement, _self, MapSetup.Options(Source.City, Options.Value, L));
        if (_disposed)
        {
            await DisposeMapQuietlyAsync(map);
            return;
        }

        _map = map;
        // One argument, the whole table: an object[][] passed alone would be spread as the call's arguments.
        await _map.InvokeVoidAsync("load", new object[] { MapSetup.Assets(_assets, _states) });
        if (_shown != _states.Length)
        {
            await _map.InvokeVoidAsync("show", VisibilityMask());
        }

        if (AssetId is { Length: > 0 } wanted && await OpenAsync(wanted))
        {
            StateHasChanged();
        }

        if (_disposed)
        {
            return;
        }

        var every = TimeSpan.FromMilliseconds(Options.Value.PushIntervalMs);
        _timer = Time.CreateTimer(_ => _ = InvokeAsync(PushAsync), null, every, every);
    }

    /// <summary>Sends the assets that changed since the last push; skipped while a push is still on its way.</summary>
    internal async Task PushAsync()
    {
        if (_disposed || _map is null || Interlocked.Exchange(ref _pushing, 1) == 1)
        {
            return;
        }

        try
        {
            _deltas.Clear();
            _version = Feed.ChangesSince(_version, _deltas);
            // Deltas come in city indices; keep this viewer's assets, in browser indices.
            var mineCount = 0;
            for (var d = 0; d < _deltas.Count; d++)
            {
                if (_localIndex[_deltas[d].Index] is var local and >= 0)
                {
                    _deltas[mineCount++] = new AssetDelta(local, _deltas[d].State);
                }
            }

            _deltas.RemoveRange(mineCount, _deltas.Count - mineCount);
            var countsChanged = false;
            if (_deltas.Count > 0)
            {
                var payload = new double[_deltas.Count * 5];
                var k = 0;
                var filter = Filter;
                var assets = _assets;
                foreach (var (index, state) in _deltas)
                {
                    countsChanged |= _states[index].Status != state.Status;
                    _counts[(int)_states[index].Status]--;
                    _counts[(int)state.Status]++;
                    _states[index] = state;
                    var visible = filter.Matches(assets[index], state.Status, _operatorOf[index]);
                    if (visible != _visible[index])
                    {
                        _shown += visible ? 1 : -1;
                        _visible[index] = visible;
                        countsChanged = true;
                    }

                    payload[k++] = index;
                    payload[k++] = (int)state.Status;
                    payload[k++] = state.Latitude;
                    payload[k++] = state.Longitude;
                    payload[k++] = visible ? 1 : 0;
                }

                await _map.InvokeVoidAsync("apply", payload);
            }

            var detailsChanged = false;
            if (_selected is { } selected)
            {
                var details = Source.Describe(selected.Id);
                detailsChanged = !SameDetails(details, _details);
                _details = details;
            }

            if (countsChanged || detailsChanged)
            {
                StateHasChanged();
            }
        }
        catch (JSDisconnectedException)
        {
            // The browser went away; the circuit is being torn down.
        }
        finally
        {
            Volatile.Write(ref _pushing, 0);
        }
    }

    [JSInvokable]
    public void OnAssetClicked(int index)
    {
        if ((uint)index >= (uint)_assets.Length)
        {
            return;
        }

        Select(_assets[index]);
        StateHasChanged();
    }

    internal void Select(Asset asset)
    {
        _selected = asset;
        _details = Source.Describe(asset.Id);
    }

    private void ClosePanel()
    {
        _selected = null;
        _details = null;
    }

    private string DistrictName(string? id) =>
        Source.City.Districts.FirstOrDefault(d => d.Id == id)?.Name ?? id ?? "";

    private Task OnServicesChanged(IEnumerable<ServiceKind> values) => SetFilterAsync(_filter with { Services = values.ToHashSet() });

    private Task OnStatusesChanged(IEnumerable<AssetStatus> values) => SetFilterAsync(_filter with { Statuses = values.ToHashSet() });

    private Task OnDistrictChanged(string? value) => SetFilterAsync(_filter with { DistrictId = value });

    private Task OnOperatorChanged(string? value) => SetFilterAsync(_filter with { OperatorId = value });

    private string OperatorName(string? id) => id is null ? "" : Source.City.Operators.FirstOrDefault(o => o.Id == id)?.Name ?? id;

    private Task OnSearchChanged(string? value) => SetFilterAsync(_filter with { Search = value });

    /// <summary>Enter in the search box opens the asset whose id was typed, and shows it on the map.</summary>
    private async Task OnSearchKey(KeyboardEventArgs e)
    {
        var typed = _filter.Search?.Trim();
        if (e.Key != "Enter" || string.IsNullOrEmpty(typed) || _map is null)
        {
            return;
        }

        await OpenAsync(typed);
    }

    /// <summary>Opens the panel of the asset with that id (any case) and shows it on the map; false when there is none (or it is not the viewer's).</summary>
    private async Task<bool> OpenAsync(string id)
    {
        var assets = _assets;
        for (var i = 0; i < assets.Length; i++)
        {
            if (string.Equals(assets[i].Id, id, StringComparison.OrdinalIgnoreCase))
            {
                Select(assets[i]);
                if (_map is not null)
                {
                    await _map.InvokeVoidAsync("focus", i);
                }

                return true;
            }
        }

        return false;
    }

    /// <summary>Shows only the assets <paramref name="filter"/> matches (the mask goes to the browser in one call).</summary>
    internal async Task SetFilterAsync(MapFilter filter)
    {
        _filter = filter;
        RecountAndFilter();
        if (_map is not null)
        {
            await _map.InvokeVoidAsync("show", VisibilityMask());
        }
    }

    private void RecountAndFilter()
    {
        Array.Clear(_counts);
        var filter = Filter;
        var assets = _assets;
        _shown = 0;
        for (var i = 0; i < _states.Length; i++)
        {
            _counts[(int)_states[i].Status]++;
            _visible[i] = filter.Matches(assets[i], _states[i].Status, _operatorOf[i]);
            _shown += _visible[i] ? 1 : 0;
        }
    }

    private byte[] VisibilityMask()
    {
        var mask = new byte[_visible.Length];
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = _visible[i] ? (byte)1 : (byte)0;
        }

        return mask;
    }

    private static bool SameDetails(AssetDetails? a, AssetDetails? b) =>
        a is not null && b is not null
            ? a.State == b.State && a.AgentOnline == b.AgentOnline && a.LastSeenMs == b.LastSeenMs
              && a.OpenTickets == b.OpenTickets && a.Readings.SequenceEqual(b.Readings)
            : ReferenceEquals(a, b);

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }

        try
        {
            if (_map is not null)
            {
                await _map.InvokeVoidAsync("dispose");
                await _map.DisposeAsync();
            }

            if (_module is not null)
            {
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // Nothing to clean in a browser that is gone.
        }

        _self?.Dispose();
    }

    private static async Task DisposeMapQuietlyAsync(IJSObjectReference map)
    {
        try
        {
            await map.InvokeVoidAsync("dispose");
            await map.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone; so is the map.
        }
    }
}
