using Iot.Hub.Storage;
using Microsoft.Data.Sqlite;

namespace Iot.Hub.Alerts;

/// <summary>
/// The durable outbox of alert deliveries and the log of reminders already fired, in hub.db (migration 4). A delivery is
/// written before it is tried and its outcome after, so a restart resumes every pending or failed delivery; the stable
/// id makes queuing the same alert again a no-op.
/// </summary>
public sealed class AlertOutbox(HubDatabase database)
{
    private const string Columns = "id, ticket_id, event, channel, recipient, target, subject, payload, status, attempts, next_attempt_ms, last_error, created_ms, updated_ms";

    /// <summary>Adds deliveries not already present (by id); returns how many were new.</summary>
    public async Task<int> AddAsync(IReadOnlyList<AlertDelivery> deliveries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var added = 0;
        foreach (var d in deliveries)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT OR IGNORE INTO alert_deliveries ({Columns}) VALUES ($id, $t, $e, $c, $r, $g, $s, $p, $st, $a, $n, $l, $cr, $u)";
            insert.Parameters.AddWithValue("$id", d.Id);
            insert.Parameters.AddWithValue("$t", d.TicketId);
            insert.Parameters.AddWithValue("$e", d.Event);
            insert.Parameters.AddWithValue("$c", d.Channel);
            insert.Parameters.AddWithValue("$r", d.Recipient);
            insert.Parameters.AddWithValue("$g", d.Target);
            insert.Parameters.AddWithValue("$s", (object?)d.Subject ?? DBNull.Value);
            insert.Parameters.AddWithValue("$p", d.Payload);
            insert.Parameters.AddWithValue("$st", d.Status);
            insert.Parameters.AddWithValue("$a", d.Attempts);
            insert.Parameters.AddWithValue("$n", d.NextAttemptAt);
            insert.Parameters.AddWithValue("$l", (object?)d.LastError ?? DBNull.Value);
            insert.Parameters.AddWithValue("$cr", d.CreatedAt);
            insert.Parameters.AddWithValue("$u", d.UpdatedAt);
            added += await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    /// <summary>Pending or failed deliveries whose next attempt is due at <paramref name="nowMs"/>, oldest first.</summary>
    public Task<IReadOnlyList<AlertDelivery>> DueAsync(long nowMs, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            "WHERE status IN ('pending', 'failed') AND next_attempt_ms <= $now ORDER BY next_attempt_ms, created_ms LIMIT $limit",
            c => { c.Parameters.AddWithValue("$now", nowMs); c.Parameters.AddWithValue("$limit", limit); },
            cancellationToken);

    /// <summary>The earliest next attempt among pending or failed deliveries, or null when none waits.</summary>
    public async Task<long?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT min(next_attempt_ms) FROM alert_deliveries WHERE status IN ('pending', 'failed')";
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is long value ? value : null;
    }

    /// <summary>Deliveries filtered by ticket and status, newest first.</summary>
    public Task<IReadOnlyList<AlertDelivery>> ListAsync(long? ticketId, string? status, int limit, CancellationToken cancellationToken) =>
        ListAsync(ticketId, status, null, limit, cancellationToken);

    /// <summary>Deliveries filtered by ticket, status and recipient (<c>operator:{id}</c>, <c>commune:{id}</c>), newest first.</summary>
    public Task<IReadOnlyList<AlertDelivery>> ListAsync(long? ticketId, string? status, string? recipient, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            "WHERE ($t IS NULL OR ticket_id = $t) AND ($s IS NULL OR status = $s) AND ($r IS NULL OR recipient = $r) ORDER BY created_ms DESC, id LIMIT $limit",
            c =>
            {
                c.Parameters.AddWithValue("$t", (object?)ticketId ?? DBNull.Value);
                c.Parameters.AddWithValue("$s", (object?)status ?? DBNull.Value);
                c.Parameters.AddWithValue("$r", (object?)recipient ?? DBNull.Value);
                c.Parameters.AddWithValue("$limit", limit);
            },
            cancellationToken);

    /// <summary>Records the outcome of an attempt.</summary>
    public async Task UpdateAsync(string id, string status, int attempts, long nextAttemptMs, string? lastError, long nowMs, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE alert_deliveries SET status = $s, attempts = $a, next_attempt_ms = $n, last_error = $l, updated_ms = $u WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$s", status);
        command.Parameters.AddWithValue("$a", attempts);
        command.Parameters.AddWithValue("$n", nextAttemptMs);
        command.Parameters.AddWithValue("$l", (object?)lastError ?? DBNull.Value);
        command.Parameters.AddWithValue("$u", nowMs);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Marks a reminder or escalation step as fired; false when it already was (so it is not sent twice).</summary>
    public async Task<bool> TryMarkFiredAsync(long ticketId, string step, long dueMs, long nowMs, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO alert_reminders (ticket_id, step, due_ms, fired_ms) VALUES ($t, $s, $d, $f)";
        command.Parameters.AddWithValue("$t", ticketId);
        command.Parameters.AddWithValue("$s", step);
        command.Parameters.AddWithValue("$d", dueMs);
        command.Parameters.AddWithValue("$f", nowMs);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Whether a step has fired.</summary>
    public async Task<bool> HasFiredAsync(long ticketId, string step, long dueMs, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM alert_reminders WHERE ticket_id = $t AND step = $s AND due_ms = $d";
        command.Parameters.AddWithValue("$t", ticketId);
        command.Parameters.AddWithValue("$s", step);
        command.Parameters.AddWithValue("$d", dueMs);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    private async Task<IReadOnlyList<AlertDelivery>> QueryAsync(string where, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM alert_deliveries {where}";
        bind(command);
        var list = new List<AlertDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new AlertDelivery(
                reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7), reader.GetString(8),
                reader.GetInt32(9), reader.GetInt64(10), reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.GetInt64(12), reader.GetInt64(13)));
        }

        return list;
    }
}
