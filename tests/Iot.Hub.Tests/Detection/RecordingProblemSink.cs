using Iot.Hub.Tickets;

namespace Iot.Hub.Tests.Detection;

/// <summary>Records what the rules report, in order; thread-safe (the real hub calls it from the rules' loop).</summary>
internal sealed class RecordingProblemSink : IProblemSink
{
    private readonly Lock _lock = new();
    private readonly List<ProblemSignal> _raised = [];
    private readonly List<(string Key, long AtMs)> _cleared = [];
    private readonly List<string> _log = [];

    public IReadOnlyList<ProblemSignal> Raised
    {
        get
        {
            lock (_lock)
            {
                return [.. _raised];
            }
        }
    }

    public IReadOnlyList<(string Key, long AtMs)> Cleared
    {
        get
        {
            lock (_lock)
            {
                return [.. _cleared];
            }
        }
    }

    /// <summary>"+key" for a raise, "-key" for a clear, in order.</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_lock)
            {
                return [.. _log];
            }
        }
    }

    public void Raise(ProblemSignal signal)
    {
        lock (_lock)
        {
            _raised.Add(signal);
            _log.Add("+" + signal.DedupKey);
        }
    }

    public void Clear(string dedupKey, long atMs)
    {
        lock (_lock)
        {
            _cleared.Add((dedupKey, atMs));
            _log.Add("-" + dedupKey);
        }
    }

    public IReadOnlyList<ProblemSignal> RaisedFor(string key) => [.. Raised.Where(s => s.DedupKey == key)];

    /// <summary>The raise/clear history of one problem, e.g. ["+k", "-k"].</summary>
    public IReadOnlyList<string> History(string key) => [.. Log.Where(l => l[1..] == key)];
}
