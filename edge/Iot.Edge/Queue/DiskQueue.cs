using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Iot.Contracts;
using Iot.Edge.Internal;
using Microsoft.Win32.SafeHandles;

namespace Iot.Edge.Queue;

/// <summary>
/// A bounded, crash-safe, on-disk FIFO of MQTT messages (topic + payload) addressed by a growing position.
/// <para>
/// Layout of the directory: append-only segment files <c>{first position:D20}.seg</c>, each a run of records
/// <c>[u32 LE body length][u32 LE CRC-32 of body][body]</c> with body <c>[u16 LE topic length][topic UTF-8][payload]</c>;
/// and <c>cursor.json</c>, replaced atomically (temp, fsync, rename), holding the first position the broker has not
/// acknowledged and the unreported drop counts. Records are written with one <c>write</c> each (no user-space buffer),
/// so a killed process loses nothing it appended; <see cref="Flush"/> fsyncs the open segment (power loss) and
/// persists the cursor. On open, a torn or corrupt tail of a segment (short header, length past the end, bad CRC) is
/// cut off. A stale cursor after a crash only causes re-sends, which <c>(deviceId, seq)</c> makes harmless.
/// </para>
/// <para>
/// Acknowledgements may arrive out of order (two lanes): positions acknowledged above the cursor are kept in memory
/// and the cursor moves over each contiguous run. When an append would exceed <see cref="MaxBytes"/> or
/// <see cref="MaxMessages"/>, the oldest messages are dropped and counted per device (<see cref="TakeDropCounts"/>).
/// A message taken for publishing (<see cref="TryTakeNext"/>) is <em>in flight</em> until <see cref="Ack"/> or
/// <see cref="Release"/>: it is never dropped (the next oldest goes instead), because it may be delivered, and a count
/// must say exactly what the hub will never see. So the bounds can be passed by the messages in flight (one per lane).
/// Thread-safe.
/// </para>
/// </summary>
public sealed class DiskQueue : IDisposable
{
    public const string CursorFileName = "cursor.json";
    private const string SegmentExtension = ".seg";
    private const int HeaderSize = 8;
    private const int MaxBodySize = 1024 * 1024;

    private readonly Lock _lock = new();
    private readonly string _directory;
    private readonly long _segmentBytes;
    private readonly List<Segment> _segments = [];
    // Positions at or above the cursor that have left the queue (acknowledged, or dropped past an in-flight message);
    // their bytes are no longer in _bytes. The cursor moves over them.
    private readonly HashSet<long> _gone = [];
    private readonly HashSet<long> _inFlight = [];
    private readonly Dictionary<string, long> _dropped = new(StringComparer.Ordinal);
    private TaskCompletionSource _appended = NewSignal();
    private FileStream? _writer;
    private long _cursor;
    private long _tail;
    private long _bytes;
    private bool _stateDirty;
    private bool _dataDirty;
    private bool _disposed;

    private DiskQueue(string directory, long maxBytes, long maxMessages)
    {
        _directory = directory;
        MaxBytes = maxBytes;
        MaxMessages = maxMessages;
        _segmentBytes = Math.Clamp(maxBytes / 16, 16 * 1024, 8L * 1024 * 1024);
    }

    public long MaxBytes { get; }

    public long MaxMessages { get; }

    /// <summary>What <see cref="Open"/> found and repaired: bytes cut off torn or corrupt segment tails.</summary>
    public long RepairedBytes { get; private set; }

    /// <summary>True when <c>cursor.json</c> could not be read at open: the queue restarted from its oldest segment.</summary>
    public bool CursorWasUnreadable { get; private set; }

    /// <summary>The first position neither acknowledged nor dropped.</summary>
    public long Cursor
    {
        get { lock (_lock) { return _cursor; } }
    }

    /// <summary>The position the next append gets.</summary>
    public long Tail
    {
        get { lock (_lock) { return _tail; } }
    }

    /// <summary>Messages stored and not yet acknowledged.</summary>
    public long Count
    {
        get { lock (_lock) { return StoredCount(); } }
    }

    /// <summary>Messages taken by <see cref="TryTakeNext"/> and not yet acknowledged or released.</summary>
    public int InFlight
    {
        get { lock (_lock) { return _inFlight.Count; } }
    }

    /// <summary>Bytes of the stored, unacknowledged records (with their headers).</summary>
    public long Bytes
    {
        get { lock (_lock) { return _bytes; } }
    }

    /// <summary>Opens (or creates) the queue in <paramref name="directory"/>, repairing a torn tail.</summary>
    public static DiskQueue Open(string directory, long maxBytes, long maxMessages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1024);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        Directory.CreateDirectory(directory);
        var queue = new DiskQueue(directory, maxBytes, maxMessages);
        queue.Load();
        return queue;
    }

    /// <summary>Appends a message; drops the oldest ones first if the bounds require it. Returns its position.</summary>
    public long Append(string topic, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var topicLength = Encoding.UTF8.GetByteCount(topic);
        var bodyLength = 2 + topicLength + payload.Length;
        if (topicLength > ushort.MaxValue || bodyLength > MaxBodySize)
        {
            throw new ArgumentException($"message for '{topic}' is too large for the queue ({bodyLength} bytes)", nameof(payload));
        }

        var record = new byte[HeaderSize + bodyLength];
        var body = record.AsSpan(HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(body, (ushort)topicLength);
        Encoding.UTF8.GetBytes(topic, body[2..]);
        payload.CopyTo(body[(2 + topicLength)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)bodyLength);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), Crc32.Compute(body));

        TaskCompletionSource signal;
        long position;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            while (_tail > _cursor && (StoredCount() + 1 > MaxMessages || _bytes + record.Length > MaxBytes))
            {
                if (!DropOldest())
                {
                    break; // everything stored is in flight
                }
            }

            var segment = WritableSegment(record.Length);
            _writer!.Write(record);
            segment.Offsets.Add(segment.Length);
            segment.Sizes.Add(record.Length);
            segment.Length += record.Length;
            _bytes += record.Length;
            position = _tail++;
            _dataDirty = true;
            signal = _appended;
            _appended = NewSignal();
        }

        signal.TrySetResult();
        return position;
    }

    /// <summary>
    /// Reads the first message at or after <paramref name="from"/> and before <paramref name="before"/> that is neither
    /// acknowledged nor dropped. False when there is none (yet).
    /// </summary>
    public bool TryReadNext(long from, long before, out QueuedMessage? message) => TryRead(from, before, take: false, out message);

    /// <summary>
    /// As <see cref="TryReadNext"/>, and marks the message in flight (atomically with the read): it cannot be dropped
    /// until <see cref="Ack"/> (delivered) or <see cref="Release"/> (not delivered; it stays queued).
    /// </summary>
    public bool TryTakeNext(long from, long before, out QueuedMessage? message) => TryRead(from, before, take: true, out message);

    /// <summary>Publishing <paramref name="position"/> did not complete: it stays queued (sent again) and may be dropped.</summary>
    public void Release(long position)
    {
        lock (_lock)
        {
            _inFlight.Remove(position);
        }
    }

    /// <summary>Completes when a message is appended at or after <paramref name="position"/> (at once if there is one).</summary>
    public Task WaitForAppendAsync(long position, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _tail > position ? Task.CompletedTask : _appended.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The broker acknowledged <paramref name="position"/>: it will not be read again.</summary>
    public void Ack(long position)
    {
        lock (_lock)
        {
            _inFlight.Remove(position);
            if (position < _cursor || position >= _tail || _gone.Contains(position))
            {
                return;
            }

            Leave(position);
            AdvanceOverGone();
        }
    }

    /// <summary>Drop counts per device since the last call, and forgets them (persisted at the next <see cref="Flush"/>).</summary>
    public IReadOnlyDictionary<string, long> TakeDropCounts()
    {
        lock (_lock)
        {
            var counts = new Dictionary<string, long>(_dropped, StringComparer.Ordinal);
            if (_dropped.Count > 0)
            {
                _dropped.Clear();
                _stateDirty = true;
            }

            return counts;
        }
    }

    /// <summary>Fsyncs appended records, persists the cursor and deletes segments wholly behind it.</summary>
    public void Flush()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if (_dataDirty)
            {
                _writer?.Flush(flushToDisk: true);
                _dataDirty = false;
            }

            if (_stateDirty)
            {
                var state = new QueueCursorFile(_cursor, new Dictionary<string, long>(_dropped, StringComparer.Ordinal), _gone.Count > 0 ? [.. _gone.Order()] : null);
                AtomicFile.Write(Path.Combine(_directory, CursorFileName), JsonSerializer.SerializeToUtf8Bytes(state, EdgeJsonContext.Default.QueueCursorFile));
                _stateDirty = false;
                // Only now that the cursor is durable may the segments behind it go.
                while (_segments.Count > 1 && _segments[0].First + _segments[0].Offsets.Count <= _cursor)
                {
                    _segments[0].Handle.Dispose();
                    File.Delete(_segments[0].Path);
                    _segments.RemoveAt(0);
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
        }

        Flush();
        lock (_lock)
        {
            _disposed = true;
            _writer?.Dispose();
            foreach (var segment in _segments)
            {
                segment.Handle.Dispose();
            }

            _appended.TrySetCanceled();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private bool TryRead(long from, long before, bool take, out QueuedMessage? message)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            for (var position = Math.Max(from, _cursor); position < Math.Min(before, _tail); position++)
            {
                if (_gone.Contains(position) || Locate(position) is not var (segment, index))
                {
                    continue;
                }

                var bytes = new byte[segment.Sizes[index]];
                RandomAccess.Read(segment.Handle, bytes, segment.Offsets[index]);
                var body = bytes.AsSpan(HeaderSize);
                var topicLength = BinaryPrimitives.ReadUInt16LittleEndian(body);
                message = new QueuedMessage(position, Encoding.UTF8.GetString(body.Slice(2, topicLength)), body[(2 + topicLength)..].ToArray());
                if (take)
                {
                    _inFlight.Add(position);
                }

                return true;
            }
        }

        message = null;
        return false;
    }

    private long StoredCount() => _tail - _cursor - _gone.Count - Missing(_cursor, _tail);

    /// <summary>Drops the oldest stored message that is not in flight and counts it; false when there is none.</summary>
    private bool DropOldest()
    {
        for (var position = _cursor; position < _tail; position++)
        {
            if (_gone.Contains(position) || _inFlight.Contains(position) || Locate(position) is not var (segment, index))
            {
                continue;
            }

            var header = new byte[Math.Min(segment.Sizes[index], HeaderSize + 2 + Topics.Prefix.Length + 200)];
            RandomAccess.Read(segment.Handle, header, segment.Offsets[index]);
            var topicLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(HeaderSize));
            var topic = Encoding.UTF8.GetString(header, HeaderSize + 2, Math.Min(topicLength, header.Length - HeaderSize - 2));
            var device = Topics.TryParse(topic, out var address, out _) ? address.DeviceId : "?";
            _dropped[device] = _dropped.GetValueOrDefault(device) + 1;
            _stateDirty = true; // the count and the gone position are persisted together at the next Flush
            Leave(position);
            AdvanceOverGone();
            return true;
        }

        return false;
    }

    /// <summary>Marks a stored position as gone (acknowledged or dropped) and takes its bytes off the total.</summary>
    private void Leave(long position)
    {
        _gone.Add(position);
        if (Locate(position) is var (segment, index))
        {
            _bytes -= segment.Sizes[index];
        }
    }

    /// <summary>Moves the cursor over positions that left the queue and over positions with no record (a segment cut short by a repair).</summary>
    private void AdvanceOverGone()
    {
        while (_gone.Remove(_cursor) || (_cursor < _tail && Locate(_cursor) is null))
        {
            _cursor++;
            _stateDirty = true;
        }
    }

    private long Missing(long from, long to)
    {
        var missing = 0L;
        for (var i = 0; i < _segments.Count; i++)
        {
            var segment = _segments[i];
            var end = i + 1 < _segments.Count ? _segments[i + 1].First : _tail;
            var gapStart = Math.Max(segment.First + segment.Offsets.Count, from);
            var gapEnd = Math.Min(end, to);
            missing += Math.Max(0, gapEnd - gapStart);
        }

        return missing;
    }

    private (Segment Segment, int Index)? Locate(long position)
    {
        for (var i = _segments.Count - 1; i >= 0; i--)
        {
            var segment = _segments[i];
            if (position >= segment.First)
            {
                var index = position - segment.First;
                return index < segment.Offsets.Count ? (segment, (int)index) : null;
            }
        }

        return null;
    }

    private Segment WritableSegment(int recordLength)
    {
        var last = _segments.Count > 0 ? _segments[^1] : null;
        if (last is not null && _writer is not null && (last.Length + recordLength <= _segmentBytes || last.Offsets.Count == 0))
        {
            return last;
        }

        if (_writer is not null)
        {
            _writer.Flush(flushToDisk: true);
            _writer.Dispose();
        }

        var path = Path.Combine(_directory, _tail.ToString("D20", CultureInfo.InvariantCulture) + SegmentExtension);
        _writer = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        var segment = new Segment(_tail, path, File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        _segments.Add(segment);
        return segment;
    }

    private void Load()
    {
        var cursorPath = Path.Combine(_directory, CursorFileName);
        long? cursor = null;
        List<long>? gone = null;
        if (File.Exists(cursorPath))
        {
            QueueCursorFile? state = null;
            try
            {
                state = JsonSerializer.Deserialize(File.ReadAllBytes(cursorPath), EdgeJsonContext.Default.QueueCursorFile);
            }
            catch (JsonException)
            {
                // Replaced atomically, so only a hand edit breaks it: start from the oldest segment (re-sends, no loss).
                CursorWasUnreadable = true;
            }

            if (state is not null)
            {
                cursor = state.Cursor;
                gone = state.Gone;
                foreach (var (device, count) in state.Dropped)
                {
                    _dropped[device] = count;
                }
            }
        }

        var files = Directory.GetFiles(_directory, "*" + SegmentExtension)
            .Select(p => (Path: p, First: long.TryParse(Path.GetFileNameWithoutExtension(p), NumberStyles.None, CultureInfo.InvariantCulture, out var first) ? first : -1))
            .Where(f => f.First >= 0)
            .OrderBy(f => f.First)
            .ToList();
        for (var i = 0; i < files.Count; i++)
        {
            var (path, first) = files[i];
            var isLast = i == files.Count - 1;
            if (!isLast && cursor is { } c && files[i + 1].First <= c)
            {
                File.Delete(path); // wholly acknowledged before the last run stopped
                continue;
            }

            var segment = new Segment(first, path, File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            var fileLength = RandomAccess.GetLength(segment.Handle);
            var valid = Scan(segment, fileLength);
            if (valid < fileLength)
            {
                RepairedBytes += fileLength - valid;
                if (isLast)
                {
                    using var truncate = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                    truncate.SetLength(valid);
                    truncate.Flush(flushToDisk: true);
                }
            }

            _segments.Add(segment);
        }

        _cursor = cursor ?? (_segments.Count > 0 ? _segments[0].First : 0);
        _tail = _segments.Count > 0 ? _segments[^1].First + _segments[^1].Offsets.Count : _cursor;
        if (_tail < _cursor)
        {
            _tail = _cursor;
        }

        for (var p = _cursor; p < _tail; p++)
        {
            if (Locate(p) is var (segment, index))
            {
                _bytes += segment.Sizes[index];
            }
        }

        foreach (var position in gone ?? [])
        {
            if (position >= _cursor && position < _tail && !_gone.Contains(position) && Locate(position) is not null)
            {
                Leave(position); // dropped (and counted) or acknowledged before the restart: not sent again
            }
        }

        AdvanceOverGone(); // over those, and over a gap that a repair made

        if (_segments.Count > 0 && _segments[^1].First + _segments[^1].Offsets.Count == _tail)
        {
            // Keep appending to the last segment.
            var last = _segments[^1];
            _writer = new FileStream(last.Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            _writer.Seek(last.Length, SeekOrigin.Begin);
        }
    }

    /// <summary>Indexes a segment's valid records; returns the length of its valid prefix.</summary>
    private static long Scan(Segment segment, long fileLength)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        var offset = 0L;
        var body = new byte[4096];
        while (offset + HeaderSize <= fileLength)
        {
            RandomAccess.Read(segment.Handle, header, offset);
            var bodyLength = BinaryPrimitives.ReadUInt32LittleEndian(header);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            if (bodyLength < 2 || bodyLength > MaxBodySize || offset + HeaderSize + bodyLength > fileLength)
            {
                break;
            }

            if (body.Length < bodyLength)
            {
                body = new byte[bodyLength];
            }

            var span = body.AsSpan(0, (int)bodyLength);
            RandomAccess.Read(segment.Handle, span, offset + HeaderSize);
            if (Crc32.Compute(span) != crc || BinaryPrimitives.ReadUInt16LittleEndian(span) > bodyLength - 2)
            {
                break;
            }

            segment.Offsets.Add(offset);
            segment.Sizes.Add(HeaderSize + (int)bodyLength);
            offset += HeaderSize + bodyLength;
        }

        segment.Length = offset;
        return offset;
    }

    private sealed class Segment(long first, string path, SafeFileHandle handle)
    {
        public long First { get; } = first;

        public string Path { get; } = path;

        public SafeFileHandle Handle { get; } = handle;

        public List<long> Offsets { get; } = [];

        public List<int> Sizes { get; } = [];

        public long Length { get; set; }
    }
}
