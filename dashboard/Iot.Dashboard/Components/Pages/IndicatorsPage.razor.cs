using Iot.Access;
using Iot.Contracts;
using Iot.Dashboard.Indicators;
using Iot.Dashboard.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;

namespace Iot.Dashboard.Components.Pages;

/// <summary>
/// The service-quality indicators: cards for the current period (trend against the previous period, contract target,
/// drill-down to the tickets behind a figure), a chart over recent periods, tables by operator and by district, and the
/// monthly reports. The viewer comes from the signed-in user; an operator sees its own operator only (enforced by the
/// hub's <see cref="IIndicatorSource"/>). Without sign-in configured in the host the page shows everything, as the map does.
/// </summary>
public sealed partial class IndicatorsPage
{
    internal static readonly string[] Granularities = ["day", "week", "month"];

    /// <summary>How many periods the chart shows.</summary>
    internal const int ChartPeriods = 6;

    private IndicatorFilter _filter = new();
    private IndicatorOverview? _overview;
    private Viewer? _viewer;
    private (IndicatorFigure Figure, IReadOnlyList<IndicatorTicket> Tickets)? _drill;

    [Inject]
    private IIndicatorSource Source { get; set; } = null!;

    [Inject]
    private IStringLocalizer<Strings> L { get; set; } = null!;

    [Inject]
    private IStringLocalizer<Resources.Indicators> T { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    private IndicatorSlice? Current => _overview is { Periods.Count: > 0 } o ? o.Periods[^1] : null;

    private IndicatorSlice? Previous => _overview is { Periods.Count: > 1 } o ? o.Periods[^2] : null;

    protected override async Task OnInitializedAsync()
    {
        _viewer = AuthenticationState is null
            ? new Viewer("local", HubRoles.Manager, null)
            : Viewer.From((await AuthenticationState).User);
        await LoadAsync();
    }

    private static string ServiceName(string wire) => ServiceKinds.TryParse(wire, out var kind) ? kind.ToString() : wire;

    private static string NameOf(IReadOnlyList<(string Id, string Name)> items, string? id) =>
        id is null ? string.Empty : items.FirstOrDefault(i => i.Id == id).Name ?? id;

    private Task OnGranularityChanged(string value) => ChangeAsync(_filter with { Granularity = value });

    private Task OnServiceChanged(string? value) => ChangeAsync(_filter with { Service = value });

    private Task OnOperatorChanged(string? value) => ChangeAsync(_filter with { OperatorId = value });

    private Task OnDistrictChanged(string? value) => ChangeAsync(_filter with { DistrictId = value });

    private async Task ChangeAsync(IndicatorFilter filter)
    {
        _filter = filter;
        _drill = null;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (_viewer is not null)
        {
            _overview = await Source.GetAsync(_viewer, _filter, ChartPeriods, CancellationToken.None);
        }
    }

    private async Task DrillDownAsync(IndicatorFigure figure)
    {
        if (_viewer is null || Current is null)
        {
            return;
        }

        _drill = (figure, await Source.TicketsAsync(_viewer, _filter, figure.Id, Current.Start, CancellationToken.None));
    }
}
