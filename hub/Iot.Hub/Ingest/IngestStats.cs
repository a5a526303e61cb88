using Iot.Contracts;

namespace Iot.Hub.Ingest;

/// <summary>Counters of the ingest pipeline, updated lock-free and read by <c>GET /api/ingest/stats</c>.</summary>
public sealed class IngestStats
{
    private readonly long[] _rejected = new long[RejectReasons.All.Count];
    private long _received;
    private long _accepted;
    private long _stored;
    private long _storeFailures;
    private long _lastBatchSize;
    private long _lastBatchLatencyTicks;
    private long _lastBatchWriteTicks;

    /// <summary>Device <c>ts</c> → committed to the store, per message. Equals publish → stored when the device clock is the hub's.</summary>
    public LatencyHistogram StoredLatency { get; } = new();

    public long Received => Interlocked.Read(ref _received);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Stored => Interlocked.Read(ref _stored);

    public long StoreFailures => Interlocked.Read(ref _storeFailures);

    public long RejectedTotal => _rejected.Sum();

    public long LastBatchSize => Interlocked.Read(ref _lastBatchSize);

    /// <summary>Oldest message of the last batch: received → committed.</summary>
    public TimeSpan LastBatchLatency => TimeSpan.FromTicks(Interlocked.Read(ref _lastBatchLatencyTicks));

    /// <summary>Time spent in the store's write call for the last batch.</summary>
    public TimeSpan LastBatchWrite => TimeSpan.FromTicks(Interlocked.Read(ref _lastBatchWriteTicks));

    /// <summary>Filled by the pipeline: messages waiting for the decoder and for the writer.</summary>
    public Func<int> QueueDepth { get; set; } = static () => 0;

    public Func<int> WriterQueueDepth { get; set; } = static () => 0;

    public void CountReceived() => Interlocked.Increment(ref _received);

    public void CountAccepted() => Interlocked.Increment(ref _accepted);

    public void CountRejected(RejectReason reason) => Interlocked.Increment(ref _rejected[(int)reason]);

    public long Rejected(RejectReason reason) => Interlocked.Read(ref _rejected[(int)reason]);

    public void CountStored(int messages, TimeSpan latency, TimeSpan write)
    {
        Interlocked.Add(ref _stored, messages);
        Interlocked.Exchange(ref _lastBatchSize, messages);
        Interlocked.Exchange(ref _lastBatchLatencyTicks, latency.Ticks);
        Interlocked.Exchange(ref _lastBatchWriteTicks, write.Ticks);
    }

    public void CountStoreFailure() => Interlocked.Increment(ref _storeFailures);

    /// <summary>Non-zero rejection counters by wire name.</summary>
    public IReadOnlyDictionary<string, long> RejectedByReason()
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var reason in RejectReasons.All)
        {
            var count = Rejected(reason);
            if (count > 0)
            {
                result[reason.ToWire()] = count;
            }
        }

        return result;
    }
}
