using Iot.Contracts;
using Iot.Hub.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Iot.Hub.Tests.Storage;

public sealed class SqliteTelemetryStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("iot-store-test-").FullName;
    private readonly SqliteTelemetryStore _store;

    public SqliteTelemetryStoreTests()
    {
        _store = new SqliteTelemetryStore(Options.Create(new StorageOptions { DataDir = _dir }));
    }

    [Fact]
    public async Task Write_ThenQueryRaw_ReturnsValuesOfEachKindInOrder()
    {
        await _store.InitializeAsync(CancellationToken.None);
        await _store.WriteAsync(
        [
            Message("BIN-1", 2000, 2, ("fillingLevel", 0.5), ("status", "ok"), ("lidOpen", true)),
            Message("BIN-1", 1000, 1, ("fillingLevel", 0.25)),
            Message("BIN-2", 1500, 1, ("fillingLevel", 0.9)),
        ], CancellationToken.None);

        var filling = await _store.QueryRawAsync("BIN-1", "fillingLevel", 0, 10_000, 100, CancellationToken.None);
        Assert.Equal([new HistoryPoint(1000, 0.25), new HistoryPoint(2000, 0.5)], filling);
        Assert.Equal("ok", Assert.Single(await _store.QueryRawAsync("BIN-1", "status", 0, 10_000, 100, CancellationToken.None)).Value);
        Assert.Equal(true, Assert.Single(await _store.QueryRawAsync("BIN-1", "lidOpen", 0, 10_000, 100, CancellationToken.None)).Value);
        Assert.Empty(await _store.QueryRawAsync("BIN-1", "fillingLevel", 1001, 2000, 100, CancellationToken.None));
        Assert.Empty(await _store.QueryRawAsync("NOPE", "fillingLevel", 0, 10_000, 100, CancellationToken.None));
    }

    [Fact]
    public async Task Write_SameDeviceSeqTwice_StoredOnce()
    {
        await _store.InitializeAsync(CancellationToken.None);
        var message = Message("LAMP-1", 5000, 7, ("voltage", 230.0));
        await _store.WriteAsync([message], CancellationToken.None);
        await _store.WriteAsync([message, message], CancellationToken.None);

        Assert.Single(await _store.QueryRawAsync("LAMP-1", "voltage", 0, 10_000, 100, CancellationToken.None));
    }

    [Fact]
    public async Task QueryDownsampled_BucketsAlignedOnFrom_MeanMinMaxCount()
    {
        await _store.InitializeAsync(CancellationToken.None);
        // Values 0..9 at t = 1000 + 100 i; steps of 300 ms from t = 1000.
        await _store.WriteAsync([.. Enumerable.Range(0, 10).Select(i => Message("LAMP-1", 1000 + (100 * i), i, ("voltage", (double)i)))], CancellationToken.None);

        var buckets = await _store.QueryDownsampledAsync("LAMP-1", "voltage", 1000, 2000, 300, CancellationToken.None);

        Assert.Equal(
        [
            new HistoryBucket(1000, 1, 0, 2, 3),
            new HistoryBucket(1300, 4, 3, 5, 3),
            new HistoryBucket(1600, 7, 6, 8, 3),
            new HistoryBucket(1900, 9, 9, 9, 1),
        ], buckets);
    }

    [Fact]
    public async Task Retention_DeletesOnlyPointsOlderThanTheConfiguredDays()
    {
        await _store.InitializeAsync(CancellationToken.None);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var now = time.GetUtcNow();
        long Days(int d) => now.AddDays(-d).ToUnixTimeMilliseconds();
        await _store.WriteAsync(
        [
            Message("LAMP-1", Days(100), 1, ("voltage", 1.0)),
            Message("LAMP-1", Days(91), 2, ("voltage", 2.0), ("current", 0.1)),
            Message("LAMP-1", Days(89), 3, ("voltage", 3.0)),
            Message("LAMP-2", Days(95), 1, ("voltage", 4.0)),
            Message("LAMP-2", Days(1), 2, ("voltage", 5.0)),
        ], CancellationToken.None);
        var retention = new RetentionService(_store, time, Options.Create(new StorageOptions { DataDir = _dir, RetentionDays = 90 }), NullLogger<RetentionService>.Instance);

        var deleted = await retention.RunOnceAsync(CancellationToken.None);

        Assert.Equal(3, deleted); // messages: LAMP-1 at 100 and 91 days, LAMP-2 at 95 days
        Assert.Equal([3.0], (await _store.QueryRawAsync("LAMP-1", "voltage", 0, long.MaxValue, 100, CancellationToken.None)).Select(p => (double)p.Value));
        Assert.Empty(await _store.QueryRawAsync("LAMP-1", "current", 0, long.MaxValue, 100, CancellationToken.None));
        Assert.Equal([5.0], (await _store.QueryRawAsync("LAMP-2", "voltage", 0, long.MaxValue, 100, CancellationToken.None)).Select(p => (double)p.Value));
    }

    [Fact]
    public async Task Initialize_ReopenedFile_KeepsDataAndNameIds()
    {
        await _store.InitializeAsync(CancellationToken.None);
        await _store.WriteAsync([Message("LAMP-1", 1000, 1, ("voltage", 230.0))], CancellationToken.None);
        _store.Dispose();

        using var reopened = new SqliteTelemetryStore(Options.Create(new StorageOptions { DataDir = _dir }));
        await reopened.InitializeAsync(CancellationToken.None);
        await reopened.WriteAsync([Message("LAMP-1", 2000, 2, ("voltage", 231.0)), Message("LAMP-9", 2000, 1, ("voltage", 1.0))], CancellationToken.None);

        Assert.Equal(2, (await reopened.QueryRawAsync("LAMP-1", "voltage", 0, 10_000, 100, CancellationToken.None)).Count);
        Assert.Single(await reopened.QueryRawAsync("LAMP-9", "voltage", 0, 10_000, 100, CancellationToken.None));
    }

    public void Dispose()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static StoredTelemetry Message(string device, long ts, long seq, params (string Name, object Value)[] metrics) =>
        new(device, ts, seq, [.. metrics.Select(m => new MetricReading(m.Name, m.Value switch
        {
            double d => MetricValue.FromNumber(d),
            bool b => MetricValue.FromBool(b),
            _ => MetricValue.FromText((string)m.Value),
        }))], 0);
}
