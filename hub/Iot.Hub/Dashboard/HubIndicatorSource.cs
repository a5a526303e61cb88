using System.Globalization;
using Iot.Access;
using Iot.Dashboard.Indicators;
using Iot.Hub.Indicators;
using Iot.Hub.Tickets;

namespace Iot.Hub.Dashboard;

/// <summary>
/// The indicators page's data from the hub's <see cref="IndicatorService"/>, for the first commune of the city. An operator
/// viewer's filter is forced to its own operator here, on the server, whatever the page asked for.
/// </summary>
internal sealed class HubIndicatorSource(IndicatorService indicators) : IIndicatorSource
{
    public IReadOnlyList<(string Id, string Name)> Districts { get; } =
        [.. indicators.City.Districts.Where(d => d.CommuneId == indicators.FindCommune(null)?.Id).Select(d => (d.Id, d.Name))];

    public IReadOnlyList<(string Id, string Name)> Operators(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return [.. indicators.City.Operators
            .Where(o => HubAccess.MaySeeOperator(viewer, o.Id) && indicators.City.Contracts.Any(c => c.OperatorId == o.Id))
            .Select(o => (o.Id, o.Name))];
    }

    public async Task<IndicatorOverview> GetAsync(Viewer viewer, IndicatorFilter filter, int periods, CancellationToken cancellationToken)
    {
        var (query, commune) = Scope(viewer, filter);
        var today = indicators.Today(commune);
        var (currentStart, currentEnd, _) = IndicatorPeriods.Containing(today, query.Granularity);
        var from = currentStart;
        for (var i = 1; i < Math.Max(1, periods); i++)
        {
            from = IndicatorPeriods.Containing(from.AddDays(-1), query.Granularity).Start;
        }

        var result = await indicators.QueryAsync(query with { From = from, To = currentEnd }, cancellationToken);
        var current = query with { From = currentStart, To = currentEnd };
        var byOperator = (await indicators.BreakdownAsync(current, byOperator: true, cancellationToken))
            .Where(r => r.Key.Length > 0 && HubAccess.MaySeeOperator(viewer, r.Key))
            .Select(r => new IndicatorRow(r.Key, indicators.City.OperatorName(r.Key), Slice(r.Period)));
        var byDistrict = (await indicators.BreakdownAsync(current, byOperator: false, cancellationToken))
            .Where(r => r.Key.Length > 0)
            .Select(r => new IndicatorRow(r.Key, indicators.City.DistrictName(r.Key), Slice(r.Period)));
        return new IndicatorOverview([.. result.Periods.Select(Slice)], [.. byOperator], [.. byDistrict]);
    }

    public async Task<IReadOnlyList<IndicatorTicket>> TicketsAsync(
        Viewer viewer, IndicatorFilter filter, string indicatorId, DateTimeOffset periodStart, CancellationToken cancellationToken)
    {
        var (query, commune) = Scope(viewer, filter);
        var day = IndicatorPeriods.DateOf(periodStart.ToUnixTimeMilliseconds(), IndicatorService.ZoneOf(commune));
        var tickets = await indicators.TicketsBehindAsync(query with { From = day, To = day.AddDays(1) }, indicatorId, cancellationToken);
        return [.. tickets.Where(t => HubAccess.MaySeeTicket(viewer, t.OperatorId)).Select(ToView)];
    }

    public IReadOnlyList<ReportLink> Reports(Viewer viewer, int months)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var commune = indicators.FindCommune(null);
        if (commune is null)
        {
            return [];
        }

        var today = indicators.Today(commune);
        var links = new List<ReportLink>();
        for (var i = 1; i <= months; i++)
        {
            var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-i).ToString("yyyy-MM", CultureInfo.InvariantCulture);
            var scopes = new List<(string Scope, string Id, string Name)> { ("commune", commune.Id, commune.Name) };
            scopes.AddRange(Operators(viewer).Select(o => ("operator", o.Id, o.Name)));
            foreach (var (scope, id, name) in scopes.Where(s => HubAccess.MayReadReport(viewer, s.Scope, s.Id)))
            {
                foreach (var format in (string[])["pdf", "csv"])
                {
                    links.Add(new ReportLink(scope, id, name, month, format, $"/api/reports/{scope}/{Uri.EscapeDataString(id)}/{month}.{format}"));
                }
            }
        }

        return links;
    }

    private (IndicatorQuery Query, Iot.City.Commune Commune) Scope(Viewer viewer, IndicatorFilter filter)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(filter);
        var commune = indicators.FindCommune(null) ?? throw new InvalidOperationException("The city has no commune.");
        if (!IndicatorPeriods.TryParse(filter.Granularity, out var granularity))
        {
            throw new ArgumentException($"Unknown granularity '{filter.Granularity}'.", nameof(filter));
        }

        var today = indicators.Today(commune);
        var operatorId = HubAccess.OperatorFilter(viewer, filter.OperatorId);
        return (new IndicatorQuery(commune.Id, today, today.AddDays(1), granularity, filter.Service, operatorId, filter.DistrictId), commune);
    }

    private static IndicatorSlice Slice(IndicatorPeriod period) => new(
        period.Label, period.Start, period.Partial,
        [.. period.Indicators.Select(v => new IndicatorFigure(v.Id, v.Unit, v.Value, v.Numerator, v.Denominator, v.Coverage, v.Target, v.Definition))]);

    private static IndicatorTicket ToView(Ticket t) => new(
        t.Id, t.Rule, t.Severity, t.DeviceId, t.GroupId, t.OperatorId, DateTimeOffset.FromUnixTimeMilliseconds(t.OpenedAt),
        t.AcknowledgedAt is { } a ? DateTimeOffset.FromUnixTimeMilliseconds(a) : null,
        t.ResolvedAt is { } r ? DateTimeOffset.FromUnixTimeMilliseconds(r) : null, t.Summary);
}
