using Iot.Access;

namespace Iot.Dashboard.Indicators;

/// <summary>What the indicators page asks for; <see cref="Granularity"/> is day, week or month; null filters mean all.</summary>
public sealed record IndicatorFilter(string Granularity = "month", string? Service = null, string? OperatorId = null, string? DistrictId = null);

/// <summary>One indicator of one period (the hub's definitions; names are translated by <see cref="Id"/>).</summary>
public sealed record IndicatorFigure(string Id, string Unit, double? Value, double Numerator, double Denominator, double Coverage, double? Target, string Definition);

/// <summary>The indicators of one period.</summary>
public sealed record IndicatorSlice(string Label, DateTimeOffset Start, bool Partial, IReadOnlyList<IndicatorFigure> Figures)
{
    public IndicatorFigure? Find(string id) => Figures.FirstOrDefault(f => f.Id == id);
}

/// <summary>A row of the tables by operator or district: its key, display name and current-period figures.</summary>
public sealed record IndicatorRow(string Key, string Name, IndicatorSlice Slice);

/// <summary>The page's data: recent periods oldest first (the last is the current one), and the current one by operator and district.</summary>
public sealed record IndicatorOverview(
    IReadOnlyList<IndicatorSlice> Periods, IReadOnlyList<IndicatorRow> ByOperator, IReadOnlyList<IndicatorRow> ByDistrict);

/// <summary>A ticket behind a figure (the drill-down).</summary>
public sealed record IndicatorTicket(long Id, string Rule, string Severity, string? DeviceId, string? GroupId, string? OperatorId,
    DateTimeOffset OpenedAt, DateTimeOffset? AcknowledgedAt, DateTimeOffset? ResolvedAt, string Summary);

/// <summary>A monthly report the viewer may download.</summary>
public sealed record ReportLink(string Scope, string Id, string Name, string Month, string Format, string Url);

/// <summary>
/// The indicators as the dashboard sees them, implemented by the hub. Every call takes the viewer: an operator viewer
/// only ever gets its own operator's figures, tickets and reports, whatever the filter says (enforced by the hub).
/// </summary>
public interface IIndicatorSource
{
    /// <summary>Service names, operators and districts the viewer may filter on (id → name).</summary>
    IReadOnlyList<(string Id, string Name)> Operators(Viewer viewer);

    IReadOnlyList<(string Id, string Name)> Districts { get; }

    Task<IndicatorOverview> GetAsync(Viewer viewer, IndicatorFilter filter, int periods, CancellationToken cancellationToken);

    Task<IReadOnlyList<IndicatorTicket>> TicketsAsync(Viewer viewer, IndicatorFilter filter, string indicatorId, DateTimeOffset periodStart, CancellationToken cancellationToken);

    IReadOnlyList<ReportLink> Reports(Viewer viewer, int months);
}
