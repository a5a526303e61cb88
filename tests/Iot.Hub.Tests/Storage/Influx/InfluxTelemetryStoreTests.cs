using Iot.Hub.Storage;
using Iot.Hub.Storage.Influx;
using Iot.Hub.Tests.Infrastructure;
using Iot.Testing;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Tests.Storage.Influx;

/// <summary>The InfluxDB store against a real influxd (one server for the class, one database per test).</summary>
public sealed class InfluxTelemetryStoreTests(InfluxFixture influx) : IClassFixture<InfluxFixture>, IAsyncLifetime
{
    private static readonly string[] Awkward =
    [
        "with space", "a,comma", "eq=sign", "quote\"d", "'single'", "back\\slash", "\\\\,even", "é-ع-🚀", "日本語", "#hash",
        "trailing\\", "odd\\ space", "tab\tand\nnewline", "~tilde", "50%", "\"", "=", ",", " ", "\\",
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("iot-influx-store-").FullName;
    private readonly string _database = InfluxFixture.NewDatabaseName();
    private readonly List<InfluxTelemetryStore> _stores = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task AwkwardDeviceIdsMetricNamesAndTexts_ReadBackExactly_AndInfluxSeesTheNamesAsTheyAre()
    {
        var store = await StartStoreAsync();
        var messages = new List<StoredTelemetry>();
        for (var i = 0; i < Awkward.Length; i++)
        {
            // Device i carries every awkward metric name, each holding an awkward text, a number or a bool.
            messages.Add(TestTelemetry.Message(Awkward[i], 1_000 + i, i,
            [
                .. Awkward.Select((name, j) => (name, (j % 3) switch
                {
                    0 => (object)Awkward[(i + j) % Awkward.Length],
                    1 => (i * 1000.0) + j + 0.125,
                    _ => (i + j) % 2 == 0,
                })),
                ("seq", 1e-300), ("time", "t"), ("device", -0.0), ("", "empty name"), ("max", double.MaxValue), ("text", "line1\nline2 ends with \\"),
            ]));
        }

        await store.WriteAsync(messages, CancellationToken.None);

        foreach (var message in messages)
        {
            foreach (var metric in message.Metrics)
            {
                var points = await store.QueryRawAsync(message.DeviceId, metric.Name, 0, 100_000, 10, CancellationToken.None);
                var point = Assert.Single(points);
                Assert.Equal(message.Ts, point.Ts);
                Assert.Equal(metric.Value.ToObject(), point.Value);
            }
        }

        // What InfluxDB itself holds: names line protocol carries are stored as they are; the others (and only
        // those) take their ~ form.
        var devices = (await influx.RowsAsync(_database, "SHOW TAG VALUES WITH KEY = \"device\"")).Select(r => r[1].GetString()).ToHashSet();
        var fields = (await influx.RowsAsync(_database, "SHOW FIELD KEYS")).Select(r => r[0].GetString()).ToHashSet();
        foreach (var name in Awkward)
        {
            Assert.Contains(InfluxSchema.Key(name, isField: false), devices);
            Assert.Contains(InfluxSchema.Key(name, isField: true), fields);
        }

        Assert.Equal(15, Awkward.Count(n => InfluxSchema.IsKeptAsIs(n, isField: true)));
        Assert.Contains("~tab%09and%0Anewline", devices);
        Assert.Contains("~trailing%5C", fields);
        Assert.Contains("~time", fields);
        var seqType = (await influx.RowsAsync(_database, "SHOW FIELD KEYS FROM \"telemetry\"")).Single(r => r[0].GetString() == "seq")[1].GetString();
        Assert.Equal("integer", seqType);
    }

    [Fact]
    public async Task SameBatchAsSqlite_RawAndDownsampledQueriesGiveTheSameResults()
    {
        var store = await StartStoreAsync();
        using var sqlite = new SqliteTelemetryStore(Options.Create(new StorageOptions { DataDir = _dir }));
        await sqlite.InitializeAsync(CancellationToken.None);
        var random = new Random(20261123);
        const long t0 = 1_763_900_000_000;
        string[] devices = ["LAMP-1", "BIN 2", "bus,3"];
        var batch = new List<StoredTelemetry>();
        foreach (var device in devices)
        {
            var ts = t0;
            for (var seq = 1; seq <= 400; seq++)
            {
                ts += seq % 10 == 0 ? 0 : random.Next(1, 20_000); // every tenth message shares its millisecond with the one before
                batch.Add(TestTelemetry.Message(device, ts, seq,
                    ("voltage", Math.Round((random.NextDouble() * 40) + 210, 3)),
                    ("temperature", (random.NextDouble() * 80) - 30),
                    ("doorOpen", random.Next(3) == 0),
                    ("status", random.Next(2) == 0 ? "ok" : "lidOpen"),
                    // A metric whose kind changes over time, as an unknown metric may.
                    ("mixed", (seq / 100) switch { 0 => seq * 0.5, 1 => seq % 2 == 0, 2 => "s" + seq, _ => -seq * 1.0 })));
            }
        }

        batch.Add(batch[10]); // a replayed message
        foreach (var chunk in batch.Chunk(500))
        {
            await store.WriteAsync(chunk, CancellationToken.None);
            await sqlite.WriteAsync(chunk, CancellationToken.None);
        }

        var end = batch.Max(m => m.Ts) + 1;
        (long From, long To)[] ranges = [(t0, end), (t0 + 123_457, t0 + 2_000_000), (0, long.MaxValue)];
        long[] steps = [1, 1000, 7_777, 60_000, 3_600_000];
        foreach (var device in devices)
        {
            foreach (var metric in new[] { "voltage", "temperature", "doorOpen", "status", "mixed", "absent" })
            {
                foreach (var (from, to) in ranges)
                {
                    var expected = await sqlite.QueryRawAsync(device, metric, from, to, 10_000, CancellationToken.None);
                    Assert.Equal(expected, await store.QueryRawAsync(device, metric, from, to, 10_000, CancellationToken.None));
                    Assert.Equal(expected.Take(7), await store.QueryRawAsync(device, metric, from, to, 7, CancellationToken.None));
                    foreach (var step in steps.Where(s => to - from < (long)1e12 && (to - from) / s <= 10_000))
                    {
                        var sqliteBuckets = await sqlite.QueryDownsampledAsync(device, metric, from, to, step, CancellationToken.None);
                        var influxBuckets = await store.QueryDownsampledAsync(device, metric, from, to, step, CancellationToken.None);
                        AssertSameBuckets(sqliteBuckets, influxBuckets, $"{device}/{metric} [{from}, {to}) step {step}");
                    }
                }
            }
        }
    }

    [Fact]
    public async Task TwoMessagesInOneMillisecond_AndAReplay_StoredOnceEach()
    {
        var store = await StartStoreAsync();
        var first = TestTelemetry.Message("LAMP-1", 5_000, 1, ("voltage", 230.0));
        var second = TestTelemetry.Message("LAMP-1", 5_000, 2, ("voltage", 231.0));
        await store.WriteAsync([first, second], CancellationToken.None);
        await store.WriteAsync([second, first], CancellationToken.None);

        Assert.Equal([new HistoryPoint(5_000, 230.0), new HistoryPoint(5_000, 231.0)], await store.QueryRawAsync("LAMP-1", "voltage", 0, 10_000, 10, CancellationToken.None));
        Assert.Equal(2, await influx.CountAsync(_database, "SELECT count(\"seq\") FROM \"telemetry\""));
    }

    [Fact]
    public async Task FieldTypeConflict_RefusedBatchIsDeadLetteredOnceAndCounted_LaterBatchesAreStored()
    {
        var logs = new RecordingLoggerProvider();
        var store = await StartStoreAsync(logs: logs);
        // Someone else wrote "voltage" as a string into the shard the hub writes to.
        var (status, body) = await influx.WriteLinesAsync(_database, "telemetry,device=LAMP-9 voltage=\"oops\",seq=1i 1000000000");
        Assert.True(status == System.Net.HttpStatusCode.NoContent, body);

        await store.WriteAsync([TestTelemetry.Message("LAMP-1", 2_000, 1, ("voltage", 230.0)), TestTelemetry.Message("LAMP-2", 2_000, 1, ("voltage", 231.0))], CancellationToken.None);
        await store.WriteAsync([TestTelemetry.Message("LAMP-1", 3_000, 2, ("current", 0.2), ("powerState", "on"))], CancellationToken.None);

        Assert.Equal(1, store.Stats.DeadLetterFiles);
        Assert.Equal(2, store.Stats.DeadLetterLines);
        Assert.Equal(0, store.Stats.FailedRequests); // refused once, not retried
        Assert.Equal(0, store.Stats.LinesSpilled);
        var file = Assert.Single(Directory.GetFiles(store.DeadLetterDir, "*.lp"));
        var text = await File.ReadAllTextAsync(file);
        Assert.StartsWith("# HTTP 400: partial write: field type conflict", text, StringComparison.Ordinal);
        Assert.Contains("telemetry,device=LAMP-1 voltage=230,seq=1i 2000000001\n", text, StringComparison.Ordinal);
        Assert.Contains(logs.Errors, e => e.Contains("field type conflict", StringComparison.Ordinal) && e.Contains(file, StringComparison.Ordinal));
        Assert.Equal([new HistoryPoint(3_000, 0.2)], await store.QueryRawAsync("LAMP-1", "current", 0, 10_000, 10, CancellationToken.None));
        Assert.Equal([new HistoryPoint(3_000, "on")], await store.QueryRawAsync("LAMP-1", "powerState", 0, 10_000, 10, CancellationToken.None));
        Assert.Empty(Directory.GetFiles(store.SpillDir, "*.lp"));
    }

    [Fact]
    public async Task Initialize_DatabaseMissing_CreatesItKeepingStorageRetentionDays()
    {
        var store = await StartStoreAsync(retentionDays: 30);

        var databases = await influx.RowsAsync(_database, "SHOW DATABASES");
        Assert.Contains(databases, r => r[0].GetString() == _database);
        var policy = Assert.Single(await influx.RowsAsync(_database, $"SHOW RETENTION POLICIES ON \"{_database}\""));
        Assert.Equal("720h0m0s", policy[1].GetString());
        Assert.True(policy[4].GetBoolean());
        Assert.Equal(0, await store.DeleteOlderThanAsync(long.MaxValue, CancellationToken.None)); // InfluxDB's policy does retention

        // A point older than the policy keeps is dropped by InfluxDB: counted as expired, not dead-lettered. The old
        // point is dated 2001, older than 30 days on any clock: influxd (a Go program) reads the real clock even when
        // the suite runs under libfaketime, so "now - 31 days" of the test's clock would not be old to the server.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var old = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        await store.WriteAsync(
            [TestTelemetry.Message("LAMP-1", now, 2, ("voltage", 230.0)), TestTelemetry.Message("LAMP-1", old, 1, ("voltage", 229.0))],
            CancellationToken.None);
        Assert.Equal(1, store.Stats.LinesExpired);
        Assert.Equal(1, store.Stats.LinesWritten);
        Assert.Equal(0, store.Stats.DeadLetterFiles);

        // Starting again on the existing database is fine and keeps what is there.
        var again = await StartStoreAsync(retentionDays: 30);
        Assert.Equal([new HistoryPoint(now, 230.0)], await again.QueryRawAsync("LAMP-1", "voltage", 0, long.MaxValue, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Initialize_NamedRetentionPolicy_CreatedWithTheDatabase_MissingOneInAnExistingDatabaseFailsNamingTheKey()
    {
        var store = await StartStoreAsync(o => o.RetentionPolicy = "hub policy");
        await store.WriteAsync([TestTelemetry.Message("LAMP-1", 1_000, 1, ("voltage", 230.0))], CancellationToken.None);
        Assert.Single(await store.QueryRawAsync("LAMP-1", "voltage", 0, 10_000, 10, CancellationToken.None));
        Assert.Equal(1, await influx.CountAsync(_database, $"SELECT count(\"seq\") FROM \"{_database}\".\"hub policy\".\"telemetry\""));

        var ex = await Assert.ThrowsAsync<InfluxException>(() => StartStoreAsync(o => o.RetentionPolicy = "nope"));
        Assert.Contains("Storage:Influx:RetentionPolicy", ex.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<InfluxTelemetryStore> StartStoreAsync(Action<InfluxOptions>? configure = null, RecordingLoggerProvider? logs = null, int retentionDays = 36500)
    {
        var store = TestTelemetry.InfluxStore(influx, _database, _dir, configure, logs, retentionDays);
        _stores.Add(store);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    private static void AssertSameBuckets(IReadOnlyList<HistoryBucket> expected, IReadOnlyList<HistoryBucket> actual, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: {expected.Count} buckets in SQLite, {actual.Count} in InfluxDB");
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.True(
                e.Ts == a.Ts && e.Count == a.Count && e.Min == a.Min && e.Max == a.Max && Math.Abs(e.Mean - a.Mean) <= 1e-9 * Math.Max(1, Math.Abs(e.Mean)),
                $"{what}, bucket {i}: SQLite {e}, InfluxDB {a}");
        }
    }
}
