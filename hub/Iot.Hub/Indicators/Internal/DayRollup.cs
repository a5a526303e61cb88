using System.Globalization;
using Iot.City;
using Iot.Contracts;
using Iot.Hub.Detection;
using Iot.Hub.Storage;
using Iot.Hub.Tickets;
using Microsoft.Data.Sqlite;

namespace Iot.Hub.Indicators.Internal;

/// <summary>
/// Computes one commune-local day's counts per (service, operator, district) from the state intervals and the tickets,
/// and stores them (<c>indicator_days</c>, replacing the day: re-running a day gives the same rows).
/// </summary>
internal sealed class DayRollup(CityIndex index, StateHistoryStore states, HubDatabase database, DetectionOptions detection)
{
    /// <summary>
    /// The counts of <paramref name="day"/> up to <paramref name="nowMs"/> (the whole day once it is over).
    /// </summary>
    public async Task<Dictionary<IndicatorGroup, IndicatorCounts>> ComputeAsync(Commune commune, DateOnly day, long nowMs, CancellationToken cancellationToken) =>
        (await ComputeDaysAsync(commune, day, day.AddDays(1), nowMs, cancellationToken))[day];

    /// <summary>
    /// The counts of every day in [<paramref name="first"/>, <paramref name="end"/>), reading the state history of the
    /// whole span once (each asset's rows are then cut by day in memory).
    /// </summary>
    public async Task<Dictionary<DateOnly, Dictionary<IndicatorGroup, IndicatorCounts>>> ComputeDaysAsync(
        Commune commune, DateOnly first, DateOnly end, long nowMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commune);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(commune.TimeZone);
        var spanFrom = IndicatorPeriods.StartOf(first, zone).ToUnixTimeMilliseconds();
        var spanTo = Math.Min(IndicatorPeriods.StartOf(end, zone).ToUnixTimeMilliseconds(), nowMs);
        var assets = index.City.Assets.Where(a => a.CommuneId == commune.Id).ToList();
        var bins = assets.Where(a => a.Service == ServiceKind.Wastebin).ToList();
        var availability = spanTo > spanFrom
            ? await states.RangeAsync(AssetStates.Availability, assets.Select(a => a.Id), spanFrom, spanTo, cancellationToken)
            : [];
        var fill = spanTo > spanFrom && bins.Count > 0
            ? await states.RangeAsync(AssetStates.Fill, bins.Select(a => a.Id), spanFrom, spanTo, cancellationToken)
            : [];
        var days = new Dictionary<DateOnly, Dictionary<IndicatorGroup, IndicatorCounts>>();
        for (var day = first; day < end; day = day.AddDays(1))
        {
            var from = IndicatorPeriods.StartOf(day, zone).ToUnixTimeMilliseconds();
            var to = Math.Min(IndicatorPeriods.StartOf(day.AddDays(1), zone).ToUnixTimeMilliseconds(), nowMs);
            var groups = new Dictionary<IndicatorGroup, IndicatorCounts>();
            days[day] = groups;
            if (to <= from)
            {
                continue;
            }

            AddAvailability(commune, zone, day, assets, availability, from, to, groups);
            AddFill(day, bins, fill, from, to, groups);
            await AddTicketsAsync(commune, from, to, groups, cancellationToken);
        }

        return days;
    }

    /// <summary>Replaces the stored rows of <paramref name="day"/> and marks it rolled up.</summary>
    public async Task StoreAsync(string communeId, DateOnly day, IReadOnlyDictionary<IndicatorGroup, IndicatorCounts> groups, long computedMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var dayText = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM indicator_days WHERE commune_id = $c AND day = $d;";
            delete.Parameters.AddWithValue("$c", communeId);
            delete.Parameters.AddWithValue("$d", dayText);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO indicator_days ({DayColumns.Names}) VALUES ({DayColumns.Parameters});";
            foreach (var (group, counts) in groups)
            {
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$commune", communeId);
                insert.Parameters.AddWithValue("$day", dayText);
                DayColumns.Bind(insert, group, counts);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await using (var mark = connection.CreateCommand())
        {
            mark.Transaction = transaction;
            mark.CommandText = "INSERT OR REPLACE INTO indicator_rollups (commune_id, day, computed_ms) VALUES ($c, $d, $t);";
            mark.Parameters.AddWithValue("$c", communeId);
            mark.Parameters.AddWithValue("$d", dayText);
            mark.Parameters.AddWithValue("$t", computedMs);
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static IndicatorCounts Counts(Dictionary<IndicatorGroup, IndicatorCounts> groups, IndicatorGroup key)
    {
        if (!groups.TryGetValue(key, out var counts))
        {
            groups[key] = counts = new IndicatorCounts();
        }

        return counts;
    }

    private IndicatorGroup GroupOf(Asset asset, DateOnly day) =>
        new(asset.Service.ToWire(), index.FindContract(asset, day)?.OperatorId ?? string.Empty, asset.DistrictId);

    private void AddAvailability(
        Commune commune, TimeZoneInfo zone, DateOnly day, List<Asset> assets, Dictionary<string, List<AssetStateRow>> rows, long from, long to,
        Dictionary<IndicatorGroup, IndicatorCounts> groups)
    {
        var due = new DueHours(
            commune, zone, TimeSpan.FromMinutes(detection.Streetlight.SunsetOffsetMinutes), TimeSpan.FromMinutes(detection.Streetlight.SunriseOffsetMinutes), from, to);
        foreach (var asset in assets)
        {
            var counts = Counts(groups, GroupOf(asset, day));
            counts.Assets++;
            var spans = due.For(asset, asset.RouteId is { } routeId ? index.FindRoute(routeId) : null);
            foreach (var (start, end, state) in Segments(rows.GetValueOrDefault(asset.Id), from, to))
            {
                var overlap = Overlap(spans, start, end);
                counts.DueMs += overlap;
                switch (state)
                {
                    case AssetStates.Up:
                        counts.UpMs += overlap;
                        break;
                    case AssetStates.Down:
                        counts.DownMs += overlap;
                        break;
                    default:
                        counts.UnknownMs += overlap;
                        break;
                }
            }
        }
    }

    private void AddFill(DateOnly day, List<Asset> bins, Dictionary<string, List<AssetStateRow>> rows, long from, long to, Dictionary<IndicatorGroup, IndicatorCounts> groups)
    {
        foreach (var bin in bins)
        {
            var counts = Counts(groups, GroupOf(bin, day));
            foreach (var (start, end, state) in Segments(rows.GetValueOrDefault(bin.Id), from, to))
            {
                counts.FillTotalMs += end - start;
                if (state != AssetStates.Unknown)
                {
                    counts.FillKnownMs += end - start;
                }

                if (state == AssetStates.Full)
                {
                    counts.FullMs += end - start;
                }
            }
        }
    }

    private async Task AddTicketsAsync(Commune commune, long from, long to, Dictionary<IndicatorGroup, IndicatorCounts> groups, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT rule, severity, service, operator_id, district_id, parent_id, opened_ms, acknowledged_ms, resolved_ms, ack_due_ms, repair_due_ms
            FROM tickets WHERE commune_id = $c AND parent_id IS NULL AND (
                   (opened_ms >= $from AND opened_ms < $to) OR (acknowledged_ms >= $from AND acknowledged_ms < $to)
                OR (resolved_ms >= $from AND resolved_ms < $to) OR (ack_due_ms >= $from AND ack_due_ms < $to)
                OR (repair_due_ms >= $from AND repair_due_ms < $to));
            """;
        command.Parameters.AddWithValue("$c", commune.Id);
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        bool In(long? ms) => ms is { } t && t >= from && t < to;
        long? N(int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);
        while (await reader.ReadAsync(cancellationToken))
        {
            var rule = reader.GetString(0);
            var severity = reader.GetString(1);
            var counts = Counts(groups, new IndicatorGroup(
                reader.GetString(2), reader.IsDBNull(3) ? string.Empty : reader.GetString(3), reader.IsDBNull(4) ? string.Empty : reader.GetString(4)));
            var opened = reader.GetInt64(6);
            var (acked, resolved, ackDue, repairDue) = (N(7), N(8), N(9), N(10));
            if (In(opened) && IndicatorRules.IsFault(rule, severity))
            {
                counts.Faults++;
            }

            if (In(opened) && rule == RuleNames.RouteInterruption)
            {
                counts.Interruptions++;
            }

            if (In(acked))
            {
                counts.Acked++;
                counts.AckSumMs += acked!.Value - opened;
            }

            if (In(resolved))
            {
                counts.Repaired++;
                counts.RepairSumMs += resolved!.Value - opened;
            }

            if (In(ackDue))
            {
                counts.AckDue++;
                if (acked <= ackDue || resolved <= ackDue)
                {
                    counts.AckMet++;
                }
            }

            if (In(repairDue))
            {
                counts.RepairDue++;
                if (resolved <= repairDue)
                {
                    counts.RepairMet++;
                }
            }
        }
    }

    /// <summary>
    /// The asset's states over [from, to): unknown before its first row, each row until the next. Rows may extend
    /// beyond [from, to) on either side (a whole span's rows cut by day): the parts outside are skipped.
    /// </summary>
    internal static IEnumerable<(long Start, long End, string State)> Segments(List<AssetStateRow>? rows, long from, long to)
    {
        if (rows is null || rows.Count == 0)
        {
            yield return (from, to, AssetStates.Unknown);
            yield break;
        }

        if (rows[0].StartMs > from)
        {
            yield return (from, Math.Min(rows[0].StartMs, to), AssetStates.Unknown);
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var start = Math.Max(rows[i].StartMs, from);
            var end = Math.Min(i + 1 < rows.Count ? rows[i + 1].StartMs : to, to);
            if (end > start)
            {
                yield return (start, end, rows[i].State);
            }
        }
    }

    private static long Overlap(IReadOnlyList<(long Start, long End)> spans, long start, long end)
    {
        long total = 0;
        foreach (var span in spans)
        {
            var s = Math.Max(span.Start, start);
            var e = Math.Min(span.End, end);
            if (e > s)
            {
                total += e - s;
            }
        }

        return total;
    }
}
