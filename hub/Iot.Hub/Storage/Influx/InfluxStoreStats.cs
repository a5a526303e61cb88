namespace Iot.Hub.Storage.Influx;

/// <summary>Counters of the InfluxDB store since start, read by its health check and by tests.</summary>
public sealed class InfluxStoreStats
{
    private long _linesWritten;
    private long _linesSpilled;
    private long _linesReplayed;
    private long _deadLetterFiles;
    private long _deadLetterLines;
    private long _failedRequests;
    private long _linesExpired;

    /// <summary>Lines InfluxDB acknowledged (204), sent directly or replayed from the spill.</summary>
    public long LinesWritten => Interlocked.Read(ref _linesWritten);

    /// <summary>Lines put in the spill because InfluxDB was not taking writes.</summary>
    public long LinesSpilled => Interlocked.Read(ref _linesSpilled);

    /// <summary>Lines replayed from the spill and acknowledged.</summary>
    public long LinesReplayed => Interlocked.Read(ref _linesReplayed);

    /// <summary>Requests InfluxDB refused with a 4xx, moved to the dead-letter directory.</summary>
    public long DeadLetterFiles => Interlocked.Read(ref _deadLetterFiles);

    public long DeadLetterLines => Interlocked.Read(ref _deadLetterLines);

    /// <summary>Points InfluxDB dropped because they are older than its retention policy keeps.</summary>
    public long LinesExpired => Interlocked.Read(ref _linesExpired);

    /// <summary>Write requests that failed for a passing reason (connection, time-out, 5xx) and were retried or spilled.</summary>
    public long FailedRequests => Interlocked.Read(ref _failedRequests);

    /// <summary>Bytes and segments waiting in the spill right now.</summary>
    public long SpillBytes => SpillBytesSource();

    public int SpillSegments => SpillSegmentsSource();

    internal Func<long> SpillBytesSource { get; set; } = static () => 0;

    internal Func<int> SpillSegmentsSource { get; set; } = static () => 0;

    internal void CountWritten(int lines, bool replayed)
    {
        Interlocked.Add(ref _linesWritten, lines);
        if (replayed)
        {
            Interlocked.Add(ref _linesReplayed, lines);
        }
    }

    internal void CountSpilled(int lines) => Interlocked.Add(ref _linesSpilled, lines);

    internal void CountDeadLetter(int lines)
    {
        Interlocked.Increment(ref _deadLetterFiles);
        Interlocked.Add(ref _deadLetterLines, lines);
    }

    internal void CountExpired(int lines) => Interlocked.Add(ref _linesExpired, lines);

    internal void CountFailedRequest() => Interlocked.Increment(ref _failedRequests);
}
