using System.Threading.Channels;
using Iot.Hub.Ingest;
using Iot.Hub.Internal;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Storage;

/// <summary>
/// Writes decoded telemetry to the store in batches of up to <c>Storage:BatchSize</c> messages, group-commit style
/// (a batch is whatever queued while the previous write ran), optionally lingering <c>Storage:BatchDelayMs</c>. Its queue is bounded; when it is full <see cref="EnqueueAsync"/> waits, and that wait travels
/// back through the decoder to the broker, which stops reading from publishers. A failed batch is retried, not dropped.
/// </summary>
public sealed partial class TelemetryWriter : BackgroundService
{
    private readonly Channel<StoredTelemetry> _queue;
    private readonly ITelemetryStore _store;
    private readonly IngestStats _stats;
    private readonly TimeProvider _time;
    private readonly StorageOptions _options;
    private readonly ILogger<TelemetryWriter> _logger;

    public TelemetryWriter(ITelemetryStore store, IngestStats stats, TimeProvider time, IOptions<StorageOptions> options, ILogger<TelemetryWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _stats = stats;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _queue = Channel.CreateBounded<StoredTelemetry>(new BoundedChannelOptions(_options.WriterQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        stats.WriterQueueDepth = () => _queue.Reader.Count;
    }

    public ValueTask EnqueueAsync(StoredTelemetry message, CancellationToken cancellationToken) => _queue.Writer.WriteAsync(message, cancellationToken);

    /// <summary>Lets the writer finish what is queued, then stop.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await _store.InitializeAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        Complete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<StoredTelemetry>(_options.BatchSize);
        var reader = _queue.Reader;
        var linger = TimeSpan.FromMilliseconds(_options.BatchDelayMs);
        try
        {
            // Group commit: take what is queued (up to BatchSize) and write it at once. Under load, messages pile up
            // while a write runs and the next batch is larger; at low rates nothing waits for a batch to fill.
            // With BatchDelayMs > 0 a small batch lingers that long for company.
            while (await reader.WaitToReadAsync(CancellationToken.None))
            {
                Drain(reader, batch);
                if (batch.Count < _options.BatchSize && linger > TimeSpan.Zero)
                {
                    await LingerAsync(reader, batch, linger, stoppingToken);
                }

                await FlushAsync(batch, stoppingToken);
            }
        }
        finally
        {
            if (batch.Count > 0)
            {
                await FlushAsync(batch, CancellationToken.None);
            }
        }
    }

    private void Drain(ChannelReader<StoredTelemetry> reader, List<StoredTelemetry> batch)
    {
        while (batch.Count < _options.BatchSize && reader.TryRead(out var message))
        {
            batch.Add(message);
        }
    }

    private async Task LingerAsync(ChannelReader<StoredTelemetry> reader, List<StoredTelemetry> batch, TimeSpan linger, CancellationToken stoppingToken)
    {
        var deadline = _time.GetTimestamp() + (long)(linger.TotalSeconds * _time.TimestampFrequency);
        while (batch.Count < _options.BatchSize)
        {
            var left = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(left);
            try
            {
                if (!await reader.WaitToReadAsync(wait.Token))
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Drain(reader, batch);
        }
    }

    private async Task FlushAsync(List<StoredTelemetry> batch, CancellationToken stoppingToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var attempt = 0;
        while (true)
        {
            var started = _time.GetTimestamp();
            try
            {
                await _store.WriteAsync(batch, CancellationToken.None);
                var now = _time.GetTimestamp();
                var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
                var oldest = long.MaxValue;
                foreach (var message in batch)
                {
                    oldest = Math.Min(oldest, message.ReceivedTimestamp);
                    _stats.StoredLatency.Record(nowMs - message.Ts);
                }

                _stats.CountStored(batch.Count, _time.GetElapsedTime(oldest, now), _time.GetElapsedTime(started, now));
                batch.Clear();
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _stats.CountStoreFailure();
                attempt++;
                Log.StoreWriteFailed(_logger, batch.Count, attempt, ex);
                if (stoppingToken.IsCancellationRequested && attempt >= 3)
                {
                    throw;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * (1 << Math.Min(attempt, 6)))), _time, CancellationToken.None);
            }
        }
    }
}
