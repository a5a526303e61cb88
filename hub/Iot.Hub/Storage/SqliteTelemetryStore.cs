using System.Buffers;
using Iot.Contracts;
using Iot.Hub.Storage.Internal;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Storage;

/// <summary>
/// Time series in an SQLite file (<c>telemetry.db</c> under <c>Storage:DataDir</c>), WAL mode, one transaction per batch.
/// One row per message, keyed (device, ts, seq) WITHOUT ROWID with its metrics packed in a compact body
/// (<see cref="MetricsCodec"/>): a device's time range is one index range, a replayed message is ignored, and a
/// message costs one B-tree insert instead of one per metric (4-5× fewer; see bench/RESULTS.md). A metric's history is
/// read from its device's rows and downsampled in memory. Device and metric names are mapped to small integers.
/// </summary>
public sealed class SqliteTelemetryStore : ITelemetryStore, IDisposable
{
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
            CREATE TABLE IF NOT EXISTS messages (
                device INTEGER NOT NULL,
                ts INTEGER NOT NULL,
                seq INTEGER NOT NULL,
                body BLOB NOT NULL,
                PRIMARY KEY (device, ts, seq)) WITHOUT ROWID;
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
            insert.CommandText = "INSERT OR IGNORE INTO messages (device, ts, seq, body) VALUES ($d, $t, $s, $b)";
            var d = insert.Parameters.Add("$d", SqliteType.Integer);
            var t = insert.Parameters.Add("$t", SqliteType.Integer);
            var s = insert.Parameters.Add("$s", SqliteType.Integer);
            var b = insert.Parameters.Add("$b", SqliteType.Blob);
            insert.Prepare();
            var body = new ArrayBufferWriter<byte>(256);
            var metrics = new List<(long, MetricValue)>(8);
            // Rows go into a B-tree clustered on (device, ts, seq): writing a batch in device order keeps each
            // device's rows on neighbouring pages instead of touching a page per row.
            foreach (var message in batch.OrderBy(m => m.DeviceId, StringComparer.Ordinal))
            {
                metrics.Clear();
                foreach (var metric in message.Metrics)
                {
                    metrics.Add((NameId(connection, transaction, "series_metric", _metricIds, metric.Name), metric.Value));
                }

                body.ResetWrittenCount();
                MetricsCodec.Write(body, metrics);
                d.Value = NameId(connection, transaction, "series_device", _deviceIds, message.DeviceId);
                t.Value = message.Ts;
                s.Value = message.Seq;
                b.Value = body.WrittenSpan.ToArray();
                insert.ExecuteNonQuery();
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
        var points = new List<HistoryPoint>();
        await ScanAsync(deviceId, metric, fromMs, toMs, (ts, value) =>
        {
            points.Add(new HistoryPoint(ts, value.ToObject()));
            return points.Count < limit;
        }, cancellationToken);
        return points;
    }

    public async Task<IReadOnlyList<HistoryBucket>> QueryDownsampledAsync(string deviceId, string metric, long fromMs, long toMs, long stepMs, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepMs);
        var buckets = new List<HistoryBucket>();
        long bucket = long.MinValue, count = 0;
        double sum = 0, min = 0, max = 0;
        void Close()
        {
            if (count > 0)
            {
                buckets.Add(new HistoryBucket(bucket, sum / count, min, max, count));
            }
        }

        // Rows come in time order, so buckets close one after the other.
        await ScanAsync(deviceId, metric, fromMs, toMs, (ts, value) =>
        {
            if (value.Kind == MetricValueKind.Text)
            {
                return true;
            }

            var start = fromMs + ((ts - fromMs) / stepMs * stepMs);
            if (start != bucket)
            {
                Close();
                (bucket, count, sum, min, max) = (start, 0, 0, double.MaxValue, double.MinValue);
            }

            count++;
            sum += value.Number;
            min = Math.Min(min, value.Number);
            max = Math.Max(max, value.Number);
            return true;
        }, cancellationToken);
        Close();
        return buckets;
    }

    /// <summary>Calls <paramref name="visit"/> for each value of the metric in [from, to), in time order, until it returns false.</summary>
    private async Task ScanAsync(string deviceId, string metric, long fromMs, long toMs, Func<long, MetricValue, bool> visit, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        long metricId;
        await using (var lookup = connection.CreateCommand())
        {
            lookup.CommandText = "SELECT id FROM series_metric WHERE name = $m";
            lookup.Parameters.AddWithValue("$m", metric);
            if (await lookup.ExecuteScalarAsync(cancellationToken) is not long id)
            {
                return;
            }

            metricId = id;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT m.ts, m.body FROM messages m
            WHERE m.device = (SELECT id FROM series_device WHERE name = $d) AND m.ts >= $from AND m.ts < $to
            ORDER BY m.ts, m.seq
            """;
        command.Parameters.AddWithValue("$d", deviceId);
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$to", toMs);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (MetricsCodec.TryFind((byte[])reader[1], metricId, out var value) && !visit(reader.GetInt64(0), value))
            {
                return;
            }
        }
    }

    public async Task<long> DeleteOlderThanAsync(long cutoffMs, CancellationToken cancellationToken)
    {
        var connection = _writer ?? throw new InvalidOperationException("InitializeAsync was not called.");
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            // One range delete per device walks the primary key; no extra index on ts is kept for this.
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                DELETE FROM messages WHERE (device, ts, seq) IN (
                  SELECT m.device, m.ts, m.seq FROM series_device d
                  JOIN messages m ON m.device = d.id AND m.ts < $cutoff)
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
