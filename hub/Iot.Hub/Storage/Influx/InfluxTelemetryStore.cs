using Iot.Contracts;
using Iot.Hub.Devices;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Storage.Influx;

/// <summary>
/// Time series in InfluxDB 1.x over its HTTP API (layout: <see cref="InfluxSchema"/>). A batch is posted as gzip line
/// protocol in requests of at most <c>Storage:Influx:BatchLines</c> lines, retried with backoff and jitter on
/// connection errors and 5xx. While InfluxDB is not taking writes, batches go to an fsync'd on-disk spill and
/// <see cref="WriteAsync"/> returns; a background replay sends the spill, oldest first, once <c>/ping</c> answers. A
/// 4xx that would be refused again (a field type conflict, a malformed line) is not retried: the request's lines go to
/// a dead-letter file, counted and logged, and the pipeline moves on.
/// </summary>
public sealed partial class InfluxTelemetryStore : ITelemetryStore, IAsyncDisposable, IDisposable
{
    private const int MaxRequestBytes = 8 << 20;
    private const int DirectAttempts = 3;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    private readonly InfluxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DeviceRegistry? _registry;
    private readonly InfluxHttpClient _client;
    private readonly InfluxDatabaseSetup _setup;
    private readonly SpillQueue _spill;
    private readonly DeadLetterBox _deadLetters;
    private readonly LineProtocolWriter _lines = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly AsyncSignal _wake = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task? _replay;
    private volatile bool _databaseReady;
    private volatile string _lastProblem = "";
    private int _spilling;
    private int _credentialsReported;
    private int _disposed;

    /// <param name="registry">Gives each device's <c>commune</c> and <c>service</c> tags; without it only <c>device</c> is tagged.</param>
    public InfluxTelemetryStore(
        IOptions<InfluxOptions> options, IOptions<StorageOptions> storage, TimeProvider time, ILogger<InfluxTelemetryStore> logger, DeviceRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storage);
        _options = options.Value;
        _time = time;
        _logger = logger;
        _registry = registry;
        _client = new InfluxHttpClient(_options);
        _setup = new InfluxDatabaseSetup(_client, _options, storage.Value.RetentionDays, logger);
        SpillDir = _options.FullSpillDir(storage.Value);
        _spill = new SpillQueue(SpillDir, _options.SpillMaxBytes, time);
        _deadLetters = new DeadLetterBox(Path.Combine(SpillDir, "dead-letter"), time);
        Stats.SpillBytesSource = () => _spill.Bytes;
        Stats.SpillSegmentsSource = () => _spill.Segments;
    }

    public InfluxStoreStats Stats { get; } = new();

    /// <summary>Directory of the spill segments; dead letters are in its <c>dead-letter</c> subdirectory.</summary>
    public string SpillDir { get; }

    public string DeadLetterDir => _deadLetters.Directory;

    /// <summary>The last reason InfluxDB did not take a write (empty when it always did).</summary>
    public string LastProblem => _lastProblem;

    /// <summary>
    /// Finds a spill left by an earlier run and prepares the database. When InfluxDB cannot be reached, logs a warning
    /// and returns: the hub runs, spills, and the replay prepares the database once InfluxDB answers. Refused
    /// credentials or a missing <c>Storage:Influx:RetentionPolicy</c> stop the start with the key named.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_replay is not null)
        {
            return;
        }

        _spill.Load();
        if (!_spill.IsEmpty)
        {
            InfluxLog.SpillFound(_logger, _spill.Segments, _spill.Bytes, SpillDir);
            _spilling = 1;
        }

        try
        {
            await _setup.PrepareAsync(cancellationToken);
            _databaseReady = true;
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException || (ex is InfluxException { StatusCode: { } status } && (int)status >= 500))
        {
            _lastProblem = ex.Message;
            InfluxLog.UnreachableAtStart(_logger, _client.BaseAddress, ex.Message, SpillDir);
        }

        _replay = Task.Run(() => ReplayLoopAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task WriteAsync(IReadOnlyList<StoredTelemetry> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_replay is null)
        {
            throw new InvalidOperationException("InitializeAsync was not called.");
        }

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            _lines.Clear();
            List<string>? unwritable = null;
            foreach (var message in batch)
            {
                var device = _registry?.FindDevice(message.DeviceId);
                if (!_lines.TryAppend(message, device?.Commune, device?.Service.ToWire(), out var problem))
                {
                    (unwritable ??= []).Add($"device={message.DeviceId} seq={message.Seq} ts={message.Ts}: {problem}");
                }
            }

            if (unwritable is not null)
            {
                await DeadLetterUnwritableAsync(unwritable, cancellationToken);
            }

            var data = _lines.Written;
            if (data.IsEmpty)
            {
                return;
            }

            // While a spill waits for replay, new batches queue behind it, so the spill drains in order and empties.
            var delivered = _spill.IsEmpty ? await DeliverAsync(data, DirectAttempts, replayed: false, cancellationToken) : 0;
            if (delivered < data.Length)
            {
                await SpillAsync(data[delivered..], cancellationToken);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Returns 0: retention is delegated to InfluxDB. The database the hub creates has a default retention policy of
    /// <c>Storage:RetentionDays</c>, and InfluxDB drops expired shards itself (cheaply, by whole shard, so data may
    /// outlive the cut-off by up to one shard duration). A <c>DELETE</c> per hour would rewrite shards for nothing.
    /// </summary>
    public Task<long> DeleteOlderThanAsync(long cutoffMs, CancellationToken cancellationToken) => Task.FromResult(0L);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_replay is not null)
        {
            try
            {
                await _replay;
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }

        DisposeResources();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping.Cancel();
        try
        {
            _replay?.Wait();
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OperationCanceledException))
        {
            // Stopping.
        }

        DisposeResources();
    }

    private void DisposeResources()
    {
        _spill.Dispose();
        _client.Dispose();
        _stopping.Dispose();
        _writeLock.Dispose();
    }
}
