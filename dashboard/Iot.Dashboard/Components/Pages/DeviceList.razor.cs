using Iot.Access;
using Iot.Contracts;
using Iot.Dashboard.Devices;
using Iot.Dashboard.Security;
using Microsoft.AspNetCore.Components;

namespace Iot.Dashboard.Components.Pages;

/// <summary>
/// The registry as a table: search (id, address, agent, district), a service filter, every column sortable, each status
/// as symbol + word, a link that opens the asset on the map. Statuses are read again from the hub's memory every
/// <see cref="Refresh"/> (no database).
/// </summary>
public sealed partial class DeviceList : IDisposable
{
    internal static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);

    private IReadOnlyList<DeviceRow> _rows = [];
    private List<DeviceRow> _shown = [];
    private string? _search;
    private ServiceKind? _service;
    private Viewer? _viewer;
    private ITimer? _timer;
    private bool _disposed;

    [Inject]
    private IDevicesView Devices { get; set; } = null!;

    internal IReadOnlyList<DeviceRow> Shown => _shown;

    protected override async Task OnInitializedAsync()
    {
        _viewer = await CurrentViewer.GetAsync();
        Load();
        _timer = Time.CreateTimer(_ => _ = InvokeAsync(Reload), null, Refresh, Refresh);
    }

    internal void SetSearch(string? search)
    {
        _search = search;
        Apply();
        StateHasChanged();
    }

    internal void SetService(ServiceKind? service)
    {
        _service = service;
        Apply();
        StateHasChanged();
    }

    /// <summary>Whether a row matches the search: every word is found in its id, address, agent or district name.</summary>
    internal bool Matches(DeviceRow row)
    {
        if (_service is { } service && row.Service != service)
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(_search))
        {
            return true;
        }

        var district = DistrictName(row.DistrictId);
        foreach (var word in _search.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!row.Id.Contains(word, StringComparison.OrdinalIgnoreCase)
                && !(row.Address?.Contains(word, StringComparison.CurrentCultureIgnoreCase) ?? false)
                && !row.AgentId.Contains(word, StringComparison.OrdinalIgnoreCase)
                && !district.Contains(word, StringComparison.CurrentCultureIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private void Load()
    {
        _rows = Devices.List(_viewer!);
        Apply();
    }

    private void Apply() => _shown = [.. _rows.Where(Matches)];

    private void Reload()
    {
        if (!_disposed)
        {
            Load();
            StateHasChanged();
        }
    }

    private string DistrictName(string? id) => Source.City.DistrictName(id) ?? "—";

    public void Dispose()
    {
        _disposed = true;
        _timer?.Dispose();
    }
}
