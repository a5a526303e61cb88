using System.Text.Json;
using Iot.Edge.Internal;

namespace Iot.Edge.Agent;

/// <summary>
/// Per-device <c>seq</c> and the agent's session number, persisted in <c>state.json</c> of the data directory so that
/// neither is ever reused, even after a crash. Seqs are reserved in durable blocks of <see cref="BlockSize"/>: the file
/// is rewritten (atomically, fsynced) only when a device runs out of its block, and a restart starts after the whole
/// reserved block, skipping the numbers it had not used. With no state file (first start, or a wiped data directory) a
/// device starts at the current Unix time in milliseconds and the session at the current Unix time in seconds, so a
/// replaced data directory still yields numbers above the ones the hub has seen. Thread-safe.
/// </summary>
public sealed class SequenceStore
{
    public const string FileName = "state.json";
    public const long BlockSize = 1000;

    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, long> _reserved;
    private readonly Dictionary<string, long> _next = new(StringComparer.Ordinal);
    private long _session;

    public SequenceStore(string directory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, FileName);
        _time = time;
        SequenceFile? state = null;
        try
        {
            state = File.Exists(_path) ? JsonSerializer.Deserialize(File.ReadAllBytes(_path), EdgeJsonContext.Default.SequenceFile) : null;
        }
        catch (JsonException)
        {
            // Replaced atomically, so only a hand edit breaks it; the clock-based start is the best remaining guess.
            WasUnreadable = true;
        }

        _session = state?.Session ?? time.GetUtcNow().ToUnixTimeSeconds() - 1;
        _reserved = new Dictionary<string, long>(state?.Reserved ?? [], StringComparer.Ordinal);
        foreach (var (device, reserved) in _reserved)
        {
            _next[device] = reserved + 1;
        }
    }

    /// <summary>True when <c>state.json</c> could not be read: seqs restarted from the clock.</summary>
    public bool WasUnreadable { get; }

    /// <summary>The session of the current connection (the last one used, before the first <see cref="NextSession"/>).</summary>
    public long Session
    {
        get { lock (_lock) { return _session; } }
    }

    /// <summary>Moves to the next session number and persists it before returning it.</summary>
    public long NextSession()
    {
        lock (_lock)
        {
            _session++;
            Save();
            return _session;
        }
    }

    /// <summary>The next seq of <paramref name="deviceId"/>; durable before it is returned.</summary>
    public long NextSeq(string deviceId)
    {
        lock (_lock)
        {
            if (!_next.TryGetValue(deviceId, out var next))
            {
                next = _time.GetUtcNow().ToUnixTimeMilliseconds();
            }

            if (next > _reserved.GetValueOrDefault(deviceId, -1))
            {
                _reserved[deviceId] = next + BlockSize - 1;
                Save();
            }

            _next[deviceId] = next + 1;
            return next;
        }
    }

    private void Save() =>
        AtomicFile.Write(_path, JsonSerializer.SerializeToUtf8Bytes(new SequenceFile(_session, _reserved), EdgeJsonContext.Default.SequenceFile));
}
