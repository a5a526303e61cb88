using System.Globalization;
using System.Text;
using Iot.Contracts;
using Iot.Hub.Storage;
using Microsoft.Data.Sqlite;

namespace Iot.Hub.Tickets;

/// <summary>One line of a ticket's audit trail (comments are lines with the action <c>commented</c>).</summary>
public sealed record TicketAuditEntry(long Id, long TicketId, long AtMs, string Actor, string Action, string? Detail);

/// <summary>Filters of a ticket listing; null means any. Times are Unix ms on <c>openedAt</c>, <c>to</c> exclusive.</summary>
public sealed record TicketQuery(
    TicketStatus? Status = null,
    ServiceKind? Service = null,
    string? OperatorId = null,
    string? Severity = null,
    string? DistrictId = null,
    (double MinLon, double MinLat, double MaxLon, double MaxLat)? Box = null,
    long? FromMs = null,
    long? ToMs = null,
    bool? Unrouted = null,
    int Page = 1,
    int PageSize = 50);

/// <summary>Tickets and their audit trail in <c>hub.db</c>. Writes come from the ticket service's single loop.</summary>
public sealed class TicketStore(HubDatabase database)
{
    private const string Columns = """
        id, dedup_key, status, rule, severity, service, device_id, group_id, commune_id, district_id, lon, lat, summary,
        operator_id, contract_id, unrouted, parent_id, opened_ms, acknowledged_ms, resolved_ms, closed_ms, ack_due_ms,
        repair_due_ms, resolution, flaps, last_seen_ms, clear_since_ms
        """;

    public async Task<long> InsertAsync(Ticket t, long? clearSinceMs, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO tickets ({Columns.Replace("id, dedup_key", "dedup_key", StringComparison.Ordinal)})
            VALUES ($key, $status, $rule, $severity, $service, $device, $group, $commune, $district, $lon, $lat, $summary,
                    $operator, $contract, $unrouted, $parent, $opened, $acked, $resolved, $closed, $ackDue, $repairDue,
                    $resolution, $flaps, $lastSeen, $clearSince);
            SELECT last_insert_rowid();
            """;
        Bind(command, t, clearSinceMs);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task UpdateAsync(Ticket t, long? clearSinceMs, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE tickets SET dedup_key = $key, status = $status, rule = $rule, severity = $severity, service = $service,
                device_id = $device, group_id = $group, commune_id = $commune, district_id = $district, lon = $lon, lat = $lat,
                summary = $summary, operator_id = $operator, contract_id = $contract, unrouted = $unrouted, parent_id = $parent,
                opened_ms = $opened, acknowledged_ms = $acked, resolved_ms = $resolved, closed_ms = $closed,
                ack_due_ms = $ackDue, repair_due_ms = $repairDue, resolution = $resolution, flaps = $flaps,
                last_seen_ms = $lastSeen, clear_since_ms = $clearSince
            WHERE id = $id;
            """;
        Bind(command, t, clearSinceMs);
        command.Parameters.AddWithValue("$id", t.Id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task AppendAuditAsync(long ticketId, long atMs, string actor, string action, string? detail, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO ticket_audit (ticket_id, at_ms, actor, action, detail) VALUES ($t, $at, $actor, $action, $detail);";
        command.Parameters.AddWithValue("$t", ticketId);
        command.Parameters.AddWithValue("$at", atMs);
        command.Parameters.AddWithValue("$actor", actor);
        command.Parameters.AddWithValue("$action", action);
        command.Parameters.AddWithValue("$detail", (object?)detail ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Ticket?> FindAsync(long id, CancellationToken cancellationToken)
    {
        var rows = await SelectAsync("WHERE id = $id", c => c.Parameters.AddWithValue("$id", id), cancellationToken);
        return rows.Count == 0 ? null : rows[0].Ticket;
    }

    /// <summary>
    /// What the service needs in memory after a restart: every ticket not resolved, and the newest ticket of each key
    /// resolved since <paramref name="resolvedSinceMs"/> (it may still re-open as a flap).
    /// </summary>
    public Task<IReadOnlyList<(Ticket Ticket, long? ClearSinceMs)>> LoadLiveAsync(long resolvedSinceMs, CancellationToken cancellationToken) =>
        SelectAsync(
            "WHERE status IN ('open', 'acknowledged') OR (status = 'resolved' AND resolved_ms >= $since) ORDER BY id",
            c => c.Parameters.AddWithValue("$since", resolvedSinceMs), cancellationToken);

    public async Task<IReadOnlyList<Ticket>> ListUnresolvedAsync(CancellationToken cancellationToken) =>
        [.. (await SelectAsync("WHERE status IN ('open', 'acknowledged') ORDER BY opened_ms, id", _ => { }, cancellationToken)).Select(r => r.Ticket)];

    public async Task<IReadOnlyList<Ticket>> ChildrenAsync(long parentId, CancellationToken cancellationToken) =>
        [.. (await SelectAsync("WHERE parent_id = $p ORDER BY id", c => c.Parameters.AddWithValue("$p", parentId), cancellationToken)).Select(r => r.Ticket)];

    public async Task<IReadOnlyList<TicketAuditEntry>> AuditAsync(long ticketId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, ticket_id, at_ms, actor, action, detail FROM ticket_audit WHERE ticket_id = $t ORDER BY id;";
        command.Parameters.AddWithValue("$t", ticketId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<TicketAuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new TicketAuditEntry(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return entries;
    }

    /// <summary>One page of tickets matching <paramref name="query"/>, newest first, and the total count.</summary>
    public async Task<(IReadOnlyList<Ticket> Items, long Total)> QueryAsync(TicketQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new SqlFilter();
        if (query.Status is { } status)
        {
            filter.Add("status = $status", "$status", ToWire(status));
        }

        if (query.Service is { } service)
        {
            filter.Add("service = $service", "$service", service.ToWire());
        }

        if (query.OperatorId is { } op)
        {
            filter.Add("operator_id = $operator", "$operator", op);
        }

        if (query.Severity is { } severity)
        {
            filter.Add("severity = $severity", "$severity", severity);
        }

        if (query.DistrictId is { } district)
        {
            filter.Add("district_id = $district", "$district", district);
        }

        if (query.Unrouted is { } unrouted)
        {
            filter.Add("unrouted = $unrouted", "$unrouted", unrouted ? 1 : 0);
        }

        if (query.FromMs is { } from)
        {
            filter.Add("opened_ms >= $from", "$from", from);
        }

        if (query.ToMs is { } to)
        {
            filter.Add("opened_ms < $to", "$to", to);
        }

        if (query.Box is { } box)
        {
            filter.Add("lon >= $minLon", "$minLon", box.MinLon);
            filter.Add("lat >= $minLat", "$minLat", box.MinLat);
            filter.Add("lon <= $maxLon", "$maxLon", box.MaxLon);
            filter.Add("lat <= $maxLat", "$maxLat", box.MaxLat);
        }

        var total = await filter.CountAsync(database, "tickets", cancellationToken);
        var rows = await SelectAsync($"{filter.Where} ORDER BY opened_ms DESC, id DESC {SqlFilter.Page(query.Page, query.PageSize)}", filter.Bind, cancellationToken);
        return ([.. rows.Select(r => r.Ticket)], total);
    }

    public static string ToWire(TicketStatus status) => status switch
    {
        TicketStatus.Open => "open",
        TicketStatus.Acknowledged => "acknowledged",
        TicketStatus.Resolved => "resolved",
        _ => "closed",
    };

    public static bool TryParseStatus(string? text, out TicketStatus status)
    {
        (var ok, status) = text switch
        {
            "open" => (true, TicketStatus.Open),
            "acknowledged" => (true, TicketStatus.Acknowledged),
            "resolved" => (true, TicketStatus.Resolved),
            "closed" => (true, TicketStatus.Closed),
            _ => (false, TicketStatus.Open),
        };
        return ok;
    }

    private async Task<IReadOnlyList<(Ticket Ticket, long? ClearSinceMs)>> SelectAsync(string tail, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM tickets {tail};";
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<(Ticket, long?)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!TryParseStatus(reader.GetString(2), out var status) || !ServiceKinds.TryParse(reader.GetString(5), out var service))
            {
                throw new InvalidDataException($"Ticket {reader.GetInt64(0)} has an unknown status '{reader.GetString(2)}' or service '{reader.GetString(5)}'.");
            }

            var ticket = new Ticket(
                Id: reader.GetInt64(0), DedupKey: reader.GetString(1), Status: status, Rule: reader.GetString(3), Severity: reader.GetString(4),
                Service: service, DeviceId: Text(reader, 6), GroupId: Text(reader, 7), CommuneId: reader.GetString(8), DistrictId: Text(reader, 9),
                Longitude: reader.GetDouble(10), Latitude: reader.GetDouble(11), Summary: reader.GetString(12), OperatorId: Text(reader, 13),
                ContractId: Text(reader, 14), Unrouted: reader.GetInt64(15) != 0, ParentId: Number(reader, 16), OpenedAt: reader.GetInt64(17),
                AcknowledgedAt: Number(reader, 18), ResolvedAt: Number(reader, 19), ClosedAt: Number(reader, 20), AckDueAt: Number(reader, 21),
                RepairDueAt: Number(reader, 22), Resolution: Text(reader, 23), Flaps: reader.GetInt32(24), LastSeenAt: reader.GetInt64(25));
            result.Add((ticket, Number(reader, 26)));
        }

        return result;
    }

    private static void Bind(SqliteCommand command, Ticket t, long? clearSinceMs)
    {
        object Db(object? value) => value ?? DBNull.Value;
        var p = command.Parameters;
        p.AddWithValue("$key", t.DedupKey);
        p.AddWithValue("$status", ToWire(t.Status));
        p.AddWithValue("$rule", t.Rule);
        p.AddWithValue("$severity", t.Severity);
        p.AddWithValue("$service", t.Service.ToWire());
        p.AddWithValue("$device", Db(t.DeviceId));
        p.AddWithValue("$group", Db(t.GroupId));
        p.AddWithValue("$commune", t.CommuneId);
        p.AddWithValue("$district", Db(t.DistrictId));
        p.AddWithValue("$lon", t.Longitude);
        p.AddWithValue("$lat", t.Latitude);
        p.AddWithValue("$summary", t.Summary);
        p.AddWithValue("$operator", Db(t.OperatorId));
        p.AddWithValue("$contract", Db(t.ContractId));
        p.AddWithValue("$unrouted", t.Unrouted ? 1 : 0);
        p.AddWithValue("$parent", Db(t.ParentId));
        p.AddWithValue("$opened", t.OpenedAt);
        p.AddWithValue("$acked", Db(t.AcknowledgedAt));
        p.AddWithValue("$resolved", Db(t.ResolvedAt));
        p.AddWithValue("$closed", Db(t.ClosedAt));
        p.AddWithValue("$ackDue", Db(t.AckDueAt));
        p.AddWithValue("$repairDue", Db(t.RepairDueAt));
        p.AddWithValue("$resolution", Db(t.Resolution));
        p.AddWithValue("$flaps", t.Flaps);
        p.AddWithValue("$lastSeen", t.LastSeenAt);
        p.AddWithValue("$clearSince", Db(clearSinceMs));
    }

    private static string? Text(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static long? Number(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);
}
