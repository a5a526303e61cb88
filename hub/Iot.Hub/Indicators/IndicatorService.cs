using System.Globalization;
using Iot.City;
using Iot.Contracts;
using Iot.Hub.Detection;
using Iot.Hub.Indicators.Internal;
using Iot.Hub.Open311;
using Iot.Hub.Storage;
using Iot.Hub.Tickets;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Indicators;

/// <summary>
/// Answers indicator queries: sums the daily roll-ups of the period's days (a complete day not rolled up yet is
/// computed and stored on the way; today is computed live, up to now), adds the citizen reports, and turns the counts
/// into <see cref="IndicatorValue"/>s with the contract targets.
/// </summary>
public sealed class IndicatorService
{
    private readonly CityIndex _index;
    private readonly DayRollup _rollup;
    private readonly HubDatabase _database;
    private readonly ICitizenReports? _citizenReports;
    private readonly TimeProvider _time;

    public IndicatorService(
        CityIndex index, StateHistoryStore states, HubDatabase database, IOptions<DetectionOptions> detection,
        IEnumerable<ICitizenReports> citizenReports, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(detection);
        _index = index;
        _database = database;
        _rollup = new DayRollup(index, states, database, detection.Value);
        _citizenReports = citizenReports.LastOrDefault();
        _time = time;
    }

    public CityModel City => _index.City;

    /// <summary>The commune named, or the first of the city when <paramref name="id"/> is null.</summary>
    public Commune? FindCommune(string? id) => id is null ? (_index.City.Communes.Count > 0 ? _index.City.Communes[0] : null) : _index.FindCommune(id);

    public static TimeZoneInfo ZoneOf(Commune commune)
    {
        ArgumentNullException.ThrowIfNull(commune);
        return TimeZoneInfo.FindSystemTimeZoneById(commune.TimeZone);
    }

    /// <summary>Today in the commune's time zone.</summary>
    public DateOnly Today(Commune commune) => IndicatorPeriods.DateOf(_time.GetUtcNow().ToUnixTimeMilliseconds(), ZoneOf(commune));

    public async Task<IndicatorResult> QueryAsync(IndicatorQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var commune = FindCommune(query.CommuneId) ?? throw new ArgumentException($"Unknown commune '{query.CommuneId}'.", nameof(query));
        var zone = ZoneOf(commune);
        var periods = IndicatorPeriods.Covering(query.From, query.To, query.Granularity);
        var days = await DaysAsync(commune, periods[0].Start, periods[^1].End, cancellationToken);
        var results = new List<IndicatorPeriod>(periods.Count);
        foreach (var (start, end, label) in periods)
        {
            results.Add(await BuildPeriodAsync(commune, zone, query, start, end, label, days, cancellationToken));
        }

        return new IndicatorResult(commune.Id, commune.TimeZone, IndicatorPeriods.ToWire(query.Granularity), query.Service, query.OperatorId, query.DistrictId, results);
    }

    /// <summary>The indicators of one period broken down by operator or by district (<paramref name="byOperator"/>).</summary>
    public async Task<IReadOnlyList<(string Key, IndicatorPeriod Period)>> BreakdownAsync(
        IndicatorQuery query, bool byOperator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var commune = FindCommune(query.CommuneId) ?? throw new ArgumentException($"Unknown commune '{query.CommuneId}'.", nameof(query));
        var zone = ZoneOf(commune);
        var (start, end, label) = IndicatorPeriods.Containing(query.From, query.Granularity);
        var days = await DaysAsync(commune, start, end, cancellationToken);
        var keys = days.Where(d => Matches(d.Group, query)).Select(d => byOperator ? d.Group.OperatorId : d.Group.DistrictId).Distinct().Order(StringComparer.Ordinal);
        var rows = new List<(string, IndicatorPeriod)>();
        foreach (var key in keys)
        {
            var scoped = byOperator ? query with { OperatorId = key } : query with { DistrictId = key };
            rows.Add((key, await BuildPeriodAsync(commune, zone, scoped, start, end, label, days, cancellationToken)));
        }

        return rows;
    }

    /// <summary>
    /// The tickets behind one indicator of one period (the drill-down): faults opened, tickets acknowledged, resolved,
    /// due, interruptions; for availability, the fault tickets open at some time in the period. At most 500, newest first.
    /// </summary>
    public async Task<IReadOnlyList<Ticket>> TicketsBehindAsync(IndicatorQuery query, string indicatorId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var commune = FindCommune(query.CommuneId) ?? throw new ArgumentException($"Unknown commune '{query.CommuneId}'.", nameof(query));
        var zone = ZoneOf(commune);
        var (start, end, _) = IndicatorPeriods.Containing(query.From, query.Granularity);
        var from = IndicatorPeriods.StartOf(start, zone).ToUnixTimeMilliseconds();
        var to = Math.Min(IndicatorPeriods.StartOf(end, zone).ToUnixTimeMilliseconds(), _time.GetUtcNow().ToUnixTimeMilliseconds());
        var store = new TicketStore(_database);
        var (candidates, _) = await store.QueryAsync(
            new TicketQuery(
                Service: query.Service is { } s && ServiceKinds.TryParse(s, out var kind) ? kind : null,
                OperatorId: query.OperatorId, DistrictId: query.DistrictId, ToMs: to, PageSize: 100_000),
            cancellationToken);
        bool In(long? ms) => ms is { } t && t >= from && t < to;
        var selected = candidates.Where(t => t.CommuneId == commune.Id && t.ParentId is null).Where(t => indicatorId switch
        {
            KpiTargets.Availability or KpiTargets.FleetAvailability =>
                IndicatorRules.IsFault(t.Rule, t.Severity) && t.OpenedAt < to && (t.ResolvedAt is null || t.ResolvedAt > from),
            KpiTargets.FaultRate => In(t.OpenedAt) && IndicatorRules.IsFault(t.Rule, t.Severity),
            KpiTargets.Mtta => In(t.AcknowledgedAt),
            KpiTargets.Mttr => In(t.ResolvedAt),
            KpiTargets.AckWithinSla => In(t.AckDueAt),
            KpiTargets.RepairWithinSla => In(t.RepairDueAt),
            KpiTargets.BinOverflowRate => In(t.OpenedAt) && t.Rule == RuleNames.BinOverflow,
            KpiTargets.ServiceInterruptions => In(t.OpenedAt) && t.Rule == RuleNames.RouteInterruption,
            _ => false,
        });
        if (indicatorId == KpiTargets.FleetAvailability)
        {
            selected = selected.Where(t => t.Service == ServiceKind.Bus);
        }

        return [.. selected.Take(500)];
    }

    /// <summary>
    /// Rolls up the complete days from <paramref name="from"/> to <paramref name="to"/> (exclusive) that are not stored
    /// yet, or all of them with <paramref name="replace"/>. Returns how many days were computed.
    /// </summary>
    public async Task<int> RollUpAsync(Commune commune, DateOnly from, DateOnly to, bool replace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commune);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var zone = ZoneOf(commune);
        var done = replace ? [] : await RolledUpDaysAsync(commune.Id, from, to, cancellationToken);
        var missing = new List<DateOnly>();
        for (var day = from; day < to; day = day.AddDays(1))
        {
            if (!done.Contains(day) && IndicatorPeriods.StartOf(day.AddDays(1), zone).ToUnixTimeMilliseconds() <= now)
            {
                missing.Add(day);
            }
        }

        if (missing.Count == 0)
        {
            return 0;
        }

        var computed = 0;
        var days = await _rollup.ComputeDaysAsync(commune, missing[0], missing[^1].AddDays(1), now, cancellationToken);
        foreach (var day in missing)
        {
            await _rollup.StoreAsync(commune.Id, day, days[day], now, cancellationToken);
            computed++;
        }

        return computed;
    }

    /// <summary>The first day with recorded state history, or null when there is none.</summary>
    public async Task<DateOnly?> FirstRecordedDayAsync(Commune commune, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commune);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT min(start_ms) FROM asset_states WHERE kind = 'avail';";
        return await command.ExecuteScalarAsync(cancellationToken) is long first ? IndicatorPeriods.DateOf(first, ZoneOf(commune)) : null;
    }

    /// <summary>The contract target of <paramref name="indicatorId"/> in the scope, when every contract in it agrees on one.</summary>
    public double? TargetOf(string communeId, string indicatorId, string? service, string? operatorId)
    {
        var values = _index.City.Contracts
            .Where(c => c.CommuneId == communeId)
            .Where(c => service is null || c.Service.ToWire() == service)
            .Where(c => operatorId is null || c.OperatorId == operatorId)
            .Where(c => indicatorId switch
            {
                KpiTargets.BinOverflowRate => c.Service == ServiceKind.Wastebin,
                KpiTargets.FleetAvailability or KpiTargets.ServiceInterruptions => c.Service == ServiceKind.Bus,
                _ => true,
            })
            .Select(c => c.Targets.TryGetValue(indicatorId, out var v) ? v : (double?)null)
            .Distinct()
            .ToList();
        return values is [{ } only] ? only : null;
    }

    private static bool Matches(IndicatorGroup group, IndicatorQuery query) =>
        (query.Service is null || group.Service == query.Service)
        && (query.OperatorId is null || group.OperatorId == query.OperatorId)
        && (query.DistrictId is null || group.DistrictId == query.DistrictId);

    private static IndicatorCounts Sum(List<DayRow> days, DateOnly start, DateOnly end, IndicatorQuery query)
    {
        var total = new IndicatorCounts();
        foreach (var row in days)
        {
            if (row.Day >= start && row.Day < end && Matches(row.Group, query))
            {
                total.Add(row.Counts);
            }
        }

        return total;
    }

    /// <summary>Every group's counts of every day in [start, end) up to now: stored, computed and stored, or live (today).</summary>
    private async Task<List<DayRow>> DaysAsync(Commune commune, DateOnly start, DateOnly end, CancellationToken cancellationToken)
    {
        var today = Today(commune);
        var last = end <= today ? end : today.AddDays(1);
        await RollUpAsync(commune, start, last < today ? last : today, replace: false, cancellationToken);
        var rows = await StoredDaysAsync(commune.Id, start, last, cancellationToken);
        if (today >= start && today < end)
        {
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var (group, counts) in await _rollup.ComputeAsync(commune, today, now, cancellationToken))
            {
                rows.Add(new DayRow(today, group, counts));
            }
        }

        return rows;
    }

    private async Task<List<DayRow>> StoredDaysAsync(string communeId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT day, {DayColumns.Counts} FROM indicator_days WHERE commune_id = $c AND day >= $from AND day < $to;";
        command.Parameters.AddWithValue("$c", communeId);
        command.Parameters.AddWithValue("$from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$to", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var rows = new List<DayRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (group, counts) = DayColumns.Read(reader, 1);
            rows.Add(new DayRow(DateOnly.ParseExact(reader.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture), group, counts));
        }

        return rows;
    }

    private async Task<HashSet<DateOnly>> RolledUpDaysAsync(string communeId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT day FROM indicator_rollups WHERE commune_id = $c AND day >= $from AND day < $to;";
        command.Parameters.AddWithValue("$c", communeId);
        command.Parameters.AddWithValue("$from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$to", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var days = new HashSet<DateOnly>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(DateOnly.ParseExact(reader.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        return days;
    }

    private async Task<IndicatorPeriod> BuildPeriodAsync(
        Commune commune, TimeZoneInfo zone, IndicatorQuery query, DateOnly start, DateOnly end, string label, List<DayRow> days, CancellationToken cancellationToken)
    {
        var c = Sum(days, start, end, query);
        var startAt = IndicatorPeriods.StartOf(start, zone);
        var endAt = IndicatorPeriods.StartOf(end, zone);
        var now = _time.GetUtcNow();
        var partial = endAt > now;
        var elapsedDays = Math.Max(0, (Math.Min(end.DayNumber, Today(commune).DayNumber + 1)) - start.DayNumber);
        var values = new List<IndicatorValue>();
        double? Target(string id) => TargetOf(commune.Id, id, query.Service, query.OperatorId);
        IndicatorValue Value(string id, double? value, double numerator, double denominator, double coverage, string? note = null)
        {
            var (name, unit, definition) = IndicatorDefinitions.All[id];
            return new IndicatorValue(id, name, definition, unit, value, numerator, denominator, coverage, Target(id), note);
        }

        static double? Ratio(double numerator, double denominator) => denominator > 0 ? numerator / denominator : null;
        const double Hour = 3_600_000;

        var known = c.UpMs + c.DownMs;
        values.Add(Value(KpiTargets.Availability, Ratio(c.UpMs, known), c.UpMs / Hour, known / Hour, c.DueMs > 0 ? (double)known / c.DueMs : 0));
        var meanAssets = elapsedDays > 0 ? (double)c.Assets / elapsedDays : 0;
        values.Add(Value(KpiTargets.FaultRate, meanAssets > 0 ? 100.0 * c.Faults / meanAssets : null, c.Faults, meanAssets, meanAssets > 0 ? 1 : 0));
        values.Add(Value(KpiTargets.Mtta, c.Acked > 0 ? c.AckSumMs / Hour / c.Acked : null, c.AckSumMs / Hour, c.Acked, 1));
        values.Add(Value(KpiTargets.Mttr, c.Repaired > 0 ? c.RepairSumMs / Hour / c.Repaired : null, c.RepairSumMs / Hour, c.Repaired, 1));
        values.Add(Value(KpiTargets.AckWithinSla, Ratio(c.AckMet, c.AckDue), c.AckMet, c.AckDue, 1));
        values.Add(Value(KpiTargets.RepairWithinSla, Ratio(c.RepairMet, c.RepairDue), c.RepairMet, c.RepairDue, 1));
        if (query.Service is null or "wastebin")
        {
            values.Add(Value(KpiTargets.BinOverflowRate, Ratio(c.FullMs, c.FillKnownMs), c.FullMs / Hour, c.FillKnownMs / Hour,
                c.FillTotalMs > 0 ? (double)c.FillKnownMs / c.FillTotalMs : 0));
        }

        if (query.Service is null or "bus")
        {
            var bus = Sum(days, start, end, query with { Service = "bus" });
            var busKnown = bus.UpMs + bus.DownMs;
            values.Add(Value(KpiTargets.FleetAvailability, Ratio(bus.UpMs, busKnown), bus.UpMs / Hour, busKnown / Hour, bus.DueMs > 0 ? (double)busKnown / bus.DueMs : 0));
            var routes = _index.City.Routes.Count(r => r.CommuneId == commune.Id);
            values.Add(Value(KpiTargets.ServiceInterruptions, elapsedDays > 0 ? c.Interruptions : null, c.Interruptions, routes, elapsedDays > 0 ? 1 : 0));
        }

        values.AddRange(await CitizenValuesAsync(query, startAt, endAt < now ? endAt : now, Value, cancellationToken));
        return new IndicatorPeriod(label, startAt, endAt, partial, values);
    }

    private async Task<IReadOnlyList<IndicatorValue>> CitizenValuesAsync(
        IndicatorQuery query, DateTimeOffset start, DateTimeOffset end,
        Func<string, double?, double, double, double, string?, IndicatorValue> value, CancellationToken cancellationToken)
    {
        if (_citizenReports is null)
        {
            const string none = "no citizen report source in this hub (Open311 not enabled): no data";
            return [value(KpiTargets.CitizenReports, null, 0, 0, 0, none), value(KpiTargets.Satisfaction, null, 0, 0, 0, none)];
        }

        var from = start.ToUnixTimeMilliseconds();
        var to = end.ToUnixTimeMilliseconds();
        var facts = to > from ? await _citizenReports.ListAsync(from, to, cancellationToken) : [];
        var scoped = facts.Where(f =>
            (query.Service is null || f.Service == query.Service)
            && (query.OperatorId is null || f.OperatorId == query.OperatorId)
            && (query.DistrictId is null || f.DistrictId == query.DistrictId)).ToList();
        var received = scoped.Count(f => f.ReceivedMs >= from && f.ReceivedMs < to);
        var closed = scoped.Where(f => f.ClosedMs is { } c && c >= from && c < to).ToList();
        var rated = closed.Where(f => f.Rating is not null).ToList();
        var sum = rated.Sum(f => f.Rating!.Value);
        return
        [
            value(KpiTargets.CitizenReports, received, received, 1, 1, null),
            value(KpiTargets.Satisfaction, rated.Count > 0 ? (double)sum / rated.Count : null, sum, rated.Count,
                closed.Count > 0 ? (double)rated.Count / closed.Count : 0, null),
        ];
    }

    private sealed record DayRow(DateOnly Day, IndicatorGroup Group, IndicatorCounts Counts);
}
