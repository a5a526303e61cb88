using System.Diagnostics;
using System.Globalization;
using Iot.Contracts;
using Iot.Hub.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Iot.Bench;

/// <summary>
/// Writes the same telemetry (N messages × 5 metrics from D devices) twice on the same machine in one run:
/// (a) the peer: a plain SQLite table (device TEXT, metric TEXT, ts, value) filled with one prepared INSERT per row,
/// 5,000 messages per transaction, WAL, synchronous=NORMAL — the simplest fast SQLite write;
/// (b) the hub's <see cref="SqliteTelemetryStore"/> with the same batch size.
/// Prints rows/s for both and <c>ratio_store_sqlite</c> = hub ÷ peer. Each side runs three times; the best run counts.
/// </summary>
internal static class StoreBenchmark
{
    private const int BatchSize = 5000;
    private static readonly string[] MetricNames = ["powerState", "illuminanceLevel", "powerConsumption", "voltage", "current"];

    public static async Task<int> RunAsync(string[] args)
    {
        var messages = Option(args, "--messages", 200_000);
        var devices = Option(args, "--devices", 1_000);
        var data = Generate(messages, devices);
        Console.WriteLine($"store benchmark: {messages:N0} messages × {MetricNames.Length} metrics from {devices:N0} devices, batches of {BatchSize:N0}");

        double bestPeer = 0, bestHub = 0;
        for (var run = 1; run <= 3; run++)
        {
            var peer = await TimeAsync(dir => PlainSqliteAsync(dir, data));
            var hub = await TimeAsync(dir => HubStoreAsync(dir, data));
            var rows = (double)messages * MetricNames.Length;
            Console.WriteLine($"  run {run}: plain SQLite {rows / peer.TotalSeconds,12:N0} rows/s   hub store {rows / hub.TotalSeconds,12:N0} rows/s");
            bestPeer = Math.Max(bestPeer, rows / peer.TotalSeconds);
            bestHub = Math.Max(bestHub, rows / hub.TotalSeconds);
        }

        Console.WriteLine($"best: plain SQLite {bestPeer:N0} rows/s, hub store {bestHub:N0} rows/s ({bestHub / MetricNames.Length:N0} msg/s)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio_store_sqlite={bestHub / bestPeer:0.00}"));
        return 0;
    }

    private static async Task<TimeSpan> TimeAsync(Func<string, Task> body)
    {
        var dir = Directory.CreateTempSubdirectory("iot-bench-").FullName;
        try
        {
            var watch = Stopwatch.StartNew();
            await body(dir);
            return watch.Elapsed;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task HubStoreAsync(string dir, StoredTelemetry[] data)
    {
        using var store = new SqliteTelemetryStore(Options.Create(new StorageOptions { DataDir = dir }));
        await store.InitializeAsync(CancellationToken.None);
        for (var i = 0; i < data.Length; i += BatchSize)
        {
            await store.WriteAsync(new ArraySegment<StoredTelemetry>(data, i, Math.Min(BatchSize, data.Length - i)), CancellationToken.None);
        }
    }

    private static async Task PlainSqliteAsync(string dir, StoredTelemetry[] data)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dir, "plain.db")}");
        await connection.OpenAsync();
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE t (device TEXT, metric TEXT, ts INTEGER, value);";
            await setup.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < data.Length; i += BatchSize)
        {
            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO t VALUES ($d, $m, $t, $v)";
            var d = insert.Parameters.Add("$d", SqliteType.Text);
            var m = insert.Parameters.Add("$m", SqliteType.Text);
            var t = insert.Parameters.Add("$t", SqliteType.Integer);
            var v = insert.Parameters.Add("$v", SqliteType.Real);
            insert.Prepare();
            foreach (var message in data.AsSpan(i, Math.Min(BatchSize, data.Length - i)))
            {
                d.Value = message.DeviceId;
                t.Value = message.Ts;
                foreach (var metric in message.Metrics)
                {
                    m.Value = metric.Name;
                    v.Value = metric.Value.Kind == MetricValueKind.Text ? metric.Value.Text : metric.Value.Number;
                    insert.ExecuteNonQuery();
                }
            }

            transaction.Commit();
        }
    }

    private static StoredTelemetry[] Generate(int messages, int devices)
    {
        var random = new Random(7);
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (messages / devices * 1000L);
        var data = new StoredTelemetry[messages];
        for (var i = 0; i < messages; i++)
        {
            var device = i % devices;
            var seq = i / devices;
            data[i] = new StoredTelemetry(
                $"LAMP-{device:D5}", start + (seq * 1000L), seq,
                [
                    new(MetricNames[0], MetricValue.FromText(random.Next(4) == 0 ? "off" : "on")),
                    new(MetricNames[1], MetricValue.FromNumber(Math.Round(random.NextDouble(), 2))),
                    new(MetricNames[2], MetricValue.FromNumber(Math.Round(30 + (random.NextDouble() * 20), 1))),
                    new(MetricNames[3], MetricValue.FromNumber(Math.Round(225 + (random.NextDouble() * 10), 1))),
                    new(MetricNames[4], MetricValue.FromNumber(Math.Round(random.NextDouble() * 0.3, 3))),
                ],
                0);
        }

        return data;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }
}
