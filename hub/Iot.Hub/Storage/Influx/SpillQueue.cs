using System.Globalization;

namespace Iot.Hub.Storage.Influx;

/// <summary>
/// The outage spill: line protocol appended to numbered segment files in one directory, each append fsync'd before it
/// returns. Segments are replayed oldest first and deleted only once InfluxDB has taken all their lines. The total size
/// is bounded: an append that would pass the bound waits for the replay to free space (at most one batch passes the
/// bound, so that a batch larger than the bound is still kept when the spill is empty).
/// </summary>
internal sealed class SpillQueue : IDisposable
{
    private readonly string _dir;
    private readonly long _maxBytes;
    private readonly long _segmentBytes;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Queue<SpillSegment> _sealed = new();
    private readonly AsyncSignal _spaceFreed = new();
    private SpillSegment? _open;
    private FileStream? _openStream;
    private long _nextNumber = 1;
    private long _bytes;
    private int _segments;
    private bool _loaded;

    public SpillQueue(string dir, long maxBytes, TimeProvider time)
    {
        _dir = dir;
        _maxBytes = maxBytes;
        _time = time;
        // Small enough that replay frees space well before the bound, large enough to keep the file count low.
        _segmentBytes = Math.Clamp(maxBytes / 8, 64 * 1024, 16 * 1024 * 1024);
    }

    public string Directory => _dir;

    public long MaxBytes => _maxBytes;

    public bool IsEmpty => Volatile.Read(ref _segments) == 0;

    public long Bytes => Interlocked.Read(ref _bytes);

    public int Segments => Volatile.Read(ref _segments);

    /// <summary>Finds the segments a previous run left behind; they are replayed first.</summary>
    public void Load()
    {
        if (_loaded)
        {
            return;
        }

        _loaded = true;
        System.IO.Directory.CreateDirectory(_dir);
        var found = new List<SpillSegment>();
        foreach (var path in System.IO.Directory.EnumerateFiles(_dir, "*.lp"))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                found.Add(new SpillSegment(number, path, new FileInfo(path).Length));
            }
        }

        foreach (var segment in found.OrderBy(s => s.Number))
        {
            _sealed.Enqueue(segment);
            _bytes += segment.Length;
            _nextNumber = segment.Number + 1;
        }

        _segments = _sealed.Count;
    }

    /// <summary>
    /// Appends complete lines and fsyncs them. When the spill is full, waits up to <paramref name="maxWait"/> for the
    /// replay to free space, then throws, so that the caller (and the broker behind it) waits instead of dropping.
    /// </summary>
    public async Task AppendAsync(ReadOnlyMemory<byte> lines, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (true)
        {
            _spaceFreed.Reset();
            var freed = _spaceFreed.Current;
            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (_bytes == 0 || _bytes + lines.Length <= _maxBytes)
                {
                    await WriteAsync(lines, cancellationToken);
                    return;
                }
            }
            finally
            {
                _gate.Release();
            }

            var left = maxWait - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                throw new IOException(string.Create(CultureInfo.InvariantCulture,
                    $"The InfluxDB spill in {_dir} is full ({Bytes} bytes; Storage:Influx:SpillMaxBytes={_maxBytes}) and InfluxDB is not taking writes; the batch was not accepted and will be offered again."));
            }

            await Task.WhenAny(freed, Task.Delay(left, _time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The oldest segment, closing the one being appended to if it is the only one left; null when empty.</summary>
    public async Task<SpillSegment?> PeekOldestAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_sealed.Count == 0)
            {
                SealOpen();
            }

            return _sealed.TryPeek(out var segment) ? segment : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes the oldest segment once all its lines are delivered.</summary>
    public async Task RemoveOldestAsync(SpillSegment segment, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_sealed.TryPeek(out var oldest) || oldest != segment)
            {
                throw new InvalidOperationException("only the oldest sealed segment can be removed");
            }

            File.Delete(segment.Path);
            _sealed.Dequeue();
            Interlocked.Add(ref _bytes, -segment.Length);
            Interlocked.Decrement(ref _segments);
        }
        finally
        {
            _gate.Release();
        }

        _spaceFreed.Set();
    }

    /// <summary>
    /// Reads a sealed segment up to its last complete line. Bytes after the last newline are the torn end of an append
    /// cut short by a crash (that append never returned, so nothing acknowledged is lost); their count is returned.
    /// </summary>
    public static async Task<(byte[] Lines, int Length, int TornBytes)> ReadAsync(SpillSegment segment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var bytes = await File.ReadAllBytesAsync(segment.Path, cancellationToken);
        var complete = bytes.AsSpan().LastIndexOf((byte)'\n') + 1;
        return (bytes, complete, bytes.Length - complete);
    }

    public void Dispose()
    {
        _openStream?.Dispose();
        _openStream = null;
        _gate.Dispose();
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        if (_open is null || _open.Length >= _segmentBytes)
        {
            SealOpen();
            var number = _nextNumber++;
            var path = Path.Combine(_dir, SpillSegment.FileName(number));
            _openStream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
            _open = new SpillSegment(number, path, 0);
            Interlocked.Increment(ref _segments);
        }

        try
        {
            await _openStream!.WriteAsync(lines, CancellationToken.None);
            _openStream.Flush(flushToDisk: true);
        }
        catch
        {
            // A failed append (disk full) must not leave half a batch for the next one to be glued to.
            _openStream!.SetLength(_open.Length);
            throw;
        }

        _open.Length += lines.Length;
        Interlocked.Add(ref _bytes, lines.Length);
    }

    private void SealOpen()
    {
        if (_open is null)
        {
            return;
        }

        _openStream!.Dispose();
        _openStream = null;
        _sealed.Enqueue(_open);
        _open = null;
    }
}
