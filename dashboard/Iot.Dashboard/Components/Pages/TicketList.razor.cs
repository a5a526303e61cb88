using Iot.Access;
using Iot.Dashboard.Live;
using Iot.Dashboard.Security;
using Iot.Dashboard.Tickets;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Iot.Dashboard.Components.Pages;

/// <summary>
/// The tickets page: a table paged on the server, filtered by state, service, operator, severity and district, with each
/// ticket's SLA clock. Live: every committed ticket change is pushed by <see cref="ITicketsView.Subscribe"/>; changes
/// within <see cref="ReloadDelay"/> of the first are coalesced into one reload of the current page. Nothing polls the
/// database; a clock timer only re-renders the countdowns.
/// </summary>
public sealed partial class TicketList : IDisposable
{
    internal static readonly TimeSpan ReloadDelay = TimeSpan.FromMilliseconds(250);
    internal static readonly TimeSpan ClockTick = TimeSpan.FromSeconds(15);

    private MudTable<TicketRow>? _table;
    private Viewer? _viewer;
    private TicketFilter _filter = new();
    private DateTimeOffset _now;
    private IDisposable? _subscription;
    private CoalescedRefresh? _reload;
    private ITimer? _tick;
    private bool _disposed;

    [Inject]
    private ITicketsView Tickets { get; set; } = null!;

    internal TicketFilter Filter => _filter;

    protected override async Task OnInitializedAsync()
    {
        _now = Time.GetUtcNow();
        _viewer = await CurrentViewer.GetAsync();
        if (!_viewer.SeesAll)
        {
            _filter = _filter with { OperatorId = _viewer.OperatorId };
        }

        _reload = new CoalescedRefresh(Time, ReloadDelay, () => InvokeAsync(ReloadAsync));
        _tick = Time.CreateTimer(_ => _ = InvokeAsync(Tick), null, ClockTick, ClockTick);
        _subscription = Tickets.Subscribe(_ => _reload?.Request());
    }

    /// <summary>Applies new filters and reloads from the first page.</summary>
    internal async Task SetFilterAsync(TicketFilter filter)
    {
        if (_viewer is { SeesAll: false })
        {
            filter = filter with { OperatorId = _viewer.OperatorId }; // the hub enforces it too; the page only shows it
        }

        _filter = filter with { Page = 1 };
        if (_table is not null)
        {
            if (_table.CurrentPage != 0)
            {
                _table.NavigateTo(0); // reloads the server data itself
            }
            else
            {
                await _table.ReloadServerData();
            }
        }
    }

    private async Task<TableData<TicketRow>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        _filter = _filter with { Page = state.Page + 1, PageSize = state.PageSize };
        var page = await Tickets.QueryAsync(_viewer!, _filter, cancellationToken);
        _now = Time.GetUtcNow();
        return new TableData<TicketRow> { Items = page.Items, TotalItems = (int)Math.Min(page.Total, int.MaxValue) };
    }

    private async Task ReloadAsync()
    {
        if (!_disposed && _table is not null)
        {
            await _table.ReloadServerData();
        }
    }

    private void Tick()
    {
        if (!_disposed)
        {
            _now = Time.GetUtcNow();
            StateHasChanged();
        }
    }

    private string DistrictName(string? id) => Source.City.DistrictName(id) ?? "—";

    private string OperatorName(string? id) => Source.City.OperatorName(id) ?? "";

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
        _reload?.Dispose();
        _tick?.Dispose();
    }
}
