using Iot.Contracts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Storage;

/// <summary>
/// Time series in an SQLite file (<c>telemetry.db</c> under <c>Storage:DataDir</c>), WAL mode, one transaction per batch.
/// Points are keyed (device, metric, ts, seq) WITHOUT ROWID, so per-device/metric time ranges are one index range
/// and a replayed message is ignored. Device and metric names are mapped to small integers.
/// </summary>
public sealed class SqliteTelemetryStore : ITelemetryStore, IDisposable
{
    private const int KindText = (int)MetricValueKind.Text;
    private readonly string _connectionString;
    private readonly Dictionary<string, long> _deviceIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _metricIds = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private SqliteConnection? _writer;

    public SqliteTelemetryStore(IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        FilePath = Path.Combine(options.Value.FullDataDir, "telemetry.db");
        _connectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = true }.ToString();
    }

    public string FilePath { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        _writer = new SqliteConnection(_connectionString);
        await _writer.OpenAsync(cancellationToken);
        await ExecuteAsync(_writer, """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            PRAGMA cache_size=-65536;
            CREATE TABLE IF NOT EXISTS series_device (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
            CREATE TABLE IF NOT EXISTS series_metric (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
            CREATE TABLE IF NOT EXISTS points (
                device INTEGER NOT NULL,
                metric INTEGER NOT NULL,
                ts INTEGER NOT NULL,
                seq INTEGER NOT NULL,
                kind INTEGER NOT NULL,
                num REAL,
                txt TEXT,
                PRIMARY KEY (device, metric, ts, seq)) WITHOUT ROWID;
            """, cancellationToken);
        await LoadNamesAsync("series_device", _deviceIds, cancellationToken);
        await LoadNamesAsync("series_metric", _metricIds, cancellationToken);
    }

    public async Task WriteAsync(IReadOnlyList<StoredTelemetry> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var connection = _writer ?? throw new InvalidOperationException("InitializeAsync was not called.");
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT OR IGNORE INTO points (device, metric, ts, seq, kind, num, txt) VALUES ($d, $m, $t, $s, $k, $n, $x)";
            var d = insert.Parameters.Add("$d", SqliteType.Integer);
            var m = insert.Parameters.Add("$m", SqliteType.Integer);
            var t = insert.Parameters.Add("$t", SqliteType.Integer);
            var s = insert.Parameters.Add("$s", SqliteType.Integer);
            var k = insert.Parameters.Add("$k", SqliteType.Integer);
            var n = insert.Parameters.Add("$n", SqliteType.Real);
            var x = insert.Parameters.Add("$x", SqliteType.Text);
            insert.Prepare();
            // Rows go into a B-tree clustered on (device, metric, ts, seq): writing a batch in device order keeps each
            // device's rows on neighbouring pages instead of touching a page per row.
            foreach (var message in batch.OrderBy(m => m.DeviceId, StringComparer.Ordinal))
            {
                d.Value = NameId(connection, transaction, "series_device", _deviceIds, message.DeviceId);
                t.Value = message.Ts;
                s.Value = message.Seq;
                foreach (var metric in message.Metrics)
                {
                    m.Value = NameId(connection, transaction, "series_metric", _metricIds, metric.Name);
                    k.Value = (int)metric.Value.Kind;
                    if (metric.Value.Kind == MetricValueKind.Text)
                    {
                        n.Value = DBNull.Value;
                        x.Value = metric.Value.Text;
                    }
                    else
                    {
                        n.Value = metric.Value.Number;
                        x.Value = DBNull.Value;
                    }

                    insert.ExecuteNonQuery();
                }
            }

            transaction.Commit();
        }
        catch
        {
            // Names added inside a rolled-back transaction are gone from the file: forget them too.
            _deviceIds.Clear();
            _metricIds.Clear();
            await LoadNamesAsync("series_device", _deviceIds, CancellationToken.None);
            await LoadNamesAsync("series_metric", _metricIds, CancellationToken.None);
            throw;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<IReadOnlyList<HistoryPoint>> QueryRawAsync(string deviceId, string metric, long fromMs, long toMs, int limit, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT p.ts, p.kind, p.num, p.txt FROM points p
            WHERE p.device = (SELECT id FROM series_device WHERE name = $d)
              AND p.metric = (SELECT id FROM series_metric WHERE name = $m)
              AND p.ts >= $from AND p.ts < $to
            ORDER BY p.ts, p.seq LIMIT $limit
            """;
        command.Parameters.AddWithValue("$d", deviceId);
        command.Parameters.AddWithValue("$m", metric);
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$to", toMs);
        command.Parameters.AddWithValue("$limit", limit);
        var points = new List<HistoryPoint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var kind = reader.GetInt32(1);
            object value = kind switch
            {
                KindText => reader.GetString(3),
                (int)MetricValueKind.Bool => reader.GetDouble(2) != 0,
                _ => reader.GetDouble(2),
            };
            points.Add(new HistoryPoint(reader.GetInt64(0), value));
        }

        return points;
    }

    public async Task<IReadOnlyList<HistoryBucket>> QueryDownsampledAsync(string deviceId, string metric, long fromMs, long toMs, long stepMs, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepMs);
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT $from + ((p.ts - $from) / $step) * $step AS bucket, avg(p.num), min(p.num), max(p.num), count(*)
            FROM points p
            WHERE p.device = (SELECT id FROM series_device WHERE name = $d)
              AND p.metric = (SELECT id FROM series_metric WHERE name = $m)
              AND p.ts >= $from AND p.ts < $to AND p.kind <> {KindText}
            GROUP BY bucket ORDER BY bucket
            """;
        command.Parameters.AddWithValue("$d", deviceId);
        command.Parameters.AddWithValue("$m", metric);
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$to", toMs);
        command.Parameters.AddWithValue("$step", stepMs);
        var buckets = new List<HistoryBucket>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            buckets.Add(new HistoryBucket(reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetInt64(4)));
        }

        return buckets;
    }

    public async Task<long> DeleteOlderThanAsync(long cutoffMs, CancellationToken cancellationToken)
    {
        var connection = _writer ?? throw new InvalidOperationException("InitializeAsync was not called.");
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            // One range delete per series walks the primary key; no extra index on ts is kept for this.
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                DELETE FROM points WHERE (device, metric, ts, seq) IN (
                  SELECT p.device, p.metric, p.ts, p.seq FROM series_device d
                  JOIN series_metric m
                  JOIN points p ON p.device = d.id AND p.metric = m.id AND p.ts < $cutoff)
                """;
            command.Parameters.AddWithValue("$cutoff", cutoffMs);
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            transaction.Commit();
            return deleted;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _writeLock.Dispose();
    }

    private static long NameId(SqliteConnection connection, SqliteTransaction transaction, string table, Dictionary<string, long> cache, string name)
    {
        if (cache.TryGetValue(name, out var id))
        {
            return id;
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {table} (name) VALUES ($name) ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id";
        command.Parameters.AddWithValue("$name", name);
        id = (long)command.ExecuteScalar()!;
        cache[name] = id;
        return id;
    }

    private async Task LoadNamesAsync(string table, Dictionary<string, long> cache, CancellationToken cancellationToken)
    {
        await using var command = _writer!.CreateCommand();
        command.CommandText = $"SELECT id, name FROM {table}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            cache[reader.GetString(1)] = reader.GetInt64(0);
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
