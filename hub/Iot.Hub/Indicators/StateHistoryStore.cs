using Iot.Hub.Storage;
using Microsoft.Data.Sqlite;

namespace Iot.Hub.Indicators;

/// <summary>The state intervals and the recorder's heartbeat in <c>hub.db</c> (migration 6).</summary>
public sealed class StateHistoryStore(HubDatabase database)
{
    /// <summary>Writes rows in one transaction; a row at the same (asset, kind, start) replaces the earlier one.</summary>
    public async Task AppendAsync(IReadOnlyCollection<AssetStateRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR REPLACE INTO asset_states (asset_id, kind, start_ms, state) VALUES ($a, $k, $s, $v);";
        var asset = command.Parameters.Add("$a", SqliteType.Text);
        var kind = command.Parameters.Add("$k", SqliteType.Text);
        var start = command.Parameters.Add("$s", SqliteType.Integer);
        var state = command.Parameters.Add("$v", SqliteType.Text);
        foreach (var row in rows)
        {
            asset.Value = row.AssetId;
            kind.Value = row.Kind;
            start.Value = row.StartMs;
            state.Value = row.State;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The newest row of every asset and kind (the state each asset was last recorded in).</summary>
    public async Task<IReadOnlyList<AssetStateRow>> LatestAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // SQLite returns the bare columns of the row holding max(start_ms).
        command.CommandText = "SELECT asset_id, kind, max(start_ms), state FROM asset_states GROUP BY asset_id, kind;";
        return await ReadRowsAsync(command, cancellationToken);
    }

    /// <summary>
    /// The rows of <paramref name="kind"/> that shape [<paramref name="fromMs"/>, <paramref name="toMs"/>) for
    /// <paramref name="assetIds"/>: each asset's last row at or before <paramref name="fromMs"/> and every row inside,
    /// grouped by asset, ordered by start. (One indexed look-up per asset, so the cost does not grow with old history.)
    /// </summary>
    public async Task<Dictionary<string, List<AssetStateRow>>> RangeAsync(
        string kind, IEnumerable<string> assetIds, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assetIds);
        var byAsset = new Dictionary<string, List<AssetStateRow>>(StringComparer.Ordinal);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using (var before = connection.CreateCommand())
        {
            before.Transaction = transaction;
            before.CommandText = "SELECT start_ms, state FROM asset_states WHERE asset_id = $a AND kind = $k AND start_ms <= $from ORDER BY start_ms DESC LIMIT 1;";
            var asset = before.Parameters.Add("$a", SqliteType.Text);
            before.Parameters.AddWithValue("$k", kind);
            before.Parameters.AddWithValue("$from", fromMs);
            foreach (var id in assetIds)
            {
                asset.Value = id;
                await using var reader = await before.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    byAsset[id] = [new AssetStateRow(id, kind, reader.GetInt64(0), reader.GetString(1))];
                }
            }
        }

        await using (var inside = connection.CreateCommand())
        {
            inside.Transaction = transaction;
            inside.CommandText = "SELECT asset_id, start_ms, state FROM asset_states WHERE kind = $k AND start_ms > $from AND start_ms < $to ORDER BY asset_id, start_ms;";
            inside.Parameters.AddWithValue("$k", kind);
            inside.Parameters.AddWithValue("$from", fromMs);
            inside.Parameters.AddWithValue("$to", toMs);
            await using var reader = await inside.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                if (!byAsset.TryGetValue(id, out var list))
                {
                    byAsset[id] = list = [];
                }

                list.Add(new AssetStateRow(id, kind, reader.GetInt64(1), reader.GetString(2)));
            }
        }

        return byAsset;
    }

    public async Task<long?> HeartbeatAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT at_ms FROM indicator_heartbeat WHERE id = 1;";
        return await command.ExecuteScalarAsync(cancellationToken) is long at ? at : null;
    }

    public async Task BeatAsync(long atMs, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO indicator_heartbeat (id, at_ms) VALUES (1, $at);";
        command.Parameters.AddWithValue("$at", atMs);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<AssetStateRow>> ReadRowsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<AssetStateRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AssetStateRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));
        }

        return rows;
    }
}
