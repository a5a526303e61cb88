using Iot.Access;
using Iot.City;
using Iot.Contracts;
using Iot.Dashboard.Components.Map;
using Iot.Dashboard.Live;
using Iot.Dashboard.Resources;
using Iot.Dashboard.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
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
/// That share, its counts and the filter are a <see cref="ViewerMap"/>; the page keeps the timer, the JS calls and the markup.
/// </para>
/// </summary>
public sealed partial class LiveMap : IAsyncDisposable
{
    internal static readonly AssetStatus[] StatusOrder =
        [AssetStatus.Fault, AssetStatus.Offline, AssetStatus.Warning, AssetStatus.Unknown, AssetStatus.Ok];

    private readonly List<AssetDelta> _deltas = [];
    private ElementReference _mapElement;
    private IJSObjectReference? _module;
    private IJSObjectReference? _map;
    private DotNetObjectReference<LiveMap>? _self;
    private ITimer? _timer;
    private ViewerMap _view = new();
    private long _version;
    private int _pushing;
    private bool _disposed;
    private bool _ready;
    private Asset? _selected;
    private AssetDetails? _details;

    [Inject]
    private LiveMapFeed Feed { get; set; } = null!;

    [Inject]
    private IJSRuntime JS { get; set; } = null!;

    [Inject]
    private IOptions<DashboardOptions> Options { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    private bool _panelWasOpen;

    /// <summary>An asset to open at load (<c>/?asset=LAMP-001-01</c>, the devices page's and tickets' links).</summary>
    [SupplyParameterFromQuery(Name = "asset")]
    public string? AssetId { get; set; }

    internal MapFilter Filter => _view.Filter;

    private IReadOnlyCollection<ServiceKind> SelectedServices => Filter.Services;

    private IReadOnlyCollection<AssetStatus> SelectedStatuses => Filter.Statuses;

    /// <summary>The assets this circuit's viewer may see, in the city's order (browser index = position here).</summary>
    internal IReadOnlyList<Asset> ViewerAssets => _view.Assets;

    protected override async Task OnInitializedAsync()
    {
        var viewer = AuthenticationState is null ? null : Viewer.From((await AuthenticationState).User);
        var view = new ViewerMap(Source, viewer);
        view.SetFilter(_view.Filter); // one chosen while the viewer was awaited, if any
        var all = new AssetState[Feed.Count];
        _version = Feed.Snapshot(all);
        view.Load(all);
        _view = view;
        _ready = true;
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
        await _map.InvokeVoidAsync("load", new object[] { MapSetup.Assets(_view.Assets, _view.States) });
        if (_view.Shown != _view.Assets.Count)
        {
            await _map.InvokeVoidAsync("show", _view.VisibilityMask());
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
            // Deltas come in city indices; the view keeps this viewer's assets, in browser indices.
            var countsChanged = _view.Apply(_deltas);
            if (_deltas.Count > 0)
            {
                var payload = new double[_deltas.Count * 5];
                var k = 0;
                foreach (var (index, state) in _deltas)
                {
                    payload[k++] = index;
                    payload[k++] = (int)state.Status;
                    payload[k++] = state.Latitude;
                    payload[k++] = state.Longitude;
                    payload[k++] = _view.IsVisible(index) ? 1 : 0;
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
        if ((uint)index >= (uint)_view.Assets.Count)
        {
            return;
        }

        Select(_view.Assets[index]);
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

    private string DistrictName(string? id) => Source.City.DistrictName(id) ?? "";

    private Task OnServicesChanged(IEnumerable<ServiceKind> values) => SetFilterAsync(Filter with { Services = values.ToHashSet() });

    private Task OnStatusesChanged(IEnumerable<AssetStatus> values) => SetFilterAsync(Filter with { Statuses = values.ToHashSet() });

    private Task OnDistrictChanged(string? value) => SetFilterAsync(Filter with { DistrictId = value });

    private Task OnOperatorChanged(string? value) => SetFilterAsync(Filter with { OperatorId = value });

    private string OperatorName(string? id) => Source.City.OperatorName(id) ?? "";

    private Task OnSearchChanged(string? value) => SetFilterAsync(Filter with { Search = value });

    /// <summary>Enter in the search box opens the asset whose id was typed, and shows it on the map.</summary>
    private async Task OnSearchKey(KeyboardEventArgs e)
    {
        var typed = Filter.Search?.Trim();
        if (e.Key != "Enter" || string.IsNullOrEmpty(typed) || _map is null)
        {
            return;
        }

        await OpenAsync(typed);
    }

    /// <summary>Opens the panel of the asset with that id (any case) and shows it on the map; false when there is none (or it is not the viewer's).</summary>
    private async Task<bool> OpenAsync(string id)
    {
        var i = _view.IndexOf(id);
        if (i < 0)
        {
            return false;
        }

        Select(_view.Assets[i]);
        if (_map is not null)
        {
            await _map.InvokeVoidAsync("focus", i);
        }

        return true;
    }

    /// <summary>Shows only the assets <paramref name="filter"/> matches (the mask goes to the browser in one call).</summary>
    internal async Task SetFilterAsync(MapFilter filter)
    {
        _view.SetFilter(filter);
        if (_map is not null)
        {
            await _map.InvokeVoidAsync("show", _view.VisibilityMask());
        }
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
