namespace Iot.Hub.Ingest;

/// <summary>
/// Cumulative counts of device-time → stored latencies: 1 ms buckets up to 2 s, then one overflow bucket.
/// Lock-free; a reader takes two snapshots and subtracts to get the percentiles of a period.
/// </summary>
public sealed class LatencyHistogram
{
    public const int LinearBuckets = 2000;
    private readonly long[] _counts = new long[LinearBuckets + 1];

    public void Record(long latencyMs)
    {
        var index = latencyMs < 0 ? 0 : latencyMs >= LinearBuckets ? LinearBuckets : (int)latencyMs;
        Interlocked.Increment(ref _counts[index]);
    }

    /// <summary>Counts per bucket: index i counts latencies in [i, i+1) ms; the last index counts ≥ 2 s.</summary>
    public long[] Snapshot()
    {
        var copy = new long[_counts.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = Interlocked.Read(ref _counts[i]);
        }

        return copy;
    }

    /// <summary>The upper bound in ms of the bucket holding quantile <paramref name="q"/>; null without data; <see cref="LinearBuckets"/> means "2 s or more".</summary>
    public static long? Quantile(long[] counts, double q)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var total = counts.Sum();
        if (total == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return i + 1L;
            }
        }

        return counts.Length;
    }
}
