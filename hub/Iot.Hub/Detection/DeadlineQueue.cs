namespace Iot.Hub.Detection;

/// <summary>
/// Per-subject deadlines behind one timer: a priority queue ordered by due time, and a single <see cref="ITimer"/>
/// of the injected <see cref="TimeProvider"/> armed for the earliest. Re-scheduling a subject leaves its old entry in
/// the queue; stale entries are skipped when popped (their due time no longer matches the subject's).
/// Not thread-safe: used from the rules' single loop. The timer's callback goes through <c>post</c> back to that loop.
/// </summary>
internal sealed class DeadlineQueue : IDisposable
{
    private readonly PriorityQueue<Subject, long> _queue = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private long _armedFor = long.MaxValue;

    public DeadlineQueue(TimeProvider time, Action<Action> post, Action<long> onDue)
    {
        _time = time;
        _timer = time.CreateTimer(_ => post(() => Fire(onDue)), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Count => _queue.Count;

    /// <summary>Sets <paramref name="subject"/>'s next deadline (long.MaxValue: none).</summary>
    public void Schedule(Subject subject, long dueMs)
    {
        if (subject.DueMs == dueMs)
        {
            return;
        }

        subject.DueMs = dueMs;
        if (dueMs == long.MaxValue)
        {
            return;
        }

        _queue.Enqueue(subject, dueMs);
        if (dueMs < _armedFor)
        {
            Arm(dueMs);
        }
    }

    /// <summary>Removes and returns the subjects due at or before <paramref name="nowMs"/> (each once).</summary>
    public List<Subject> PopDue(long nowMs)
    {
        var due = new List<Subject>();
        while (_queue.TryPeek(out var subject, out var at) && at <= nowMs)
        {
            _queue.Dequeue();
            if (subject.DueMs == at)
            {
                subject.DueMs = long.MaxValue;
                due.Add(subject);
            }
        }

        return due;
    }

    /// <summary>Arms the timer for the earliest live deadline, if any.</summary>
    public void Rearm()
    {
        while (_queue.TryPeek(out var subject, out var at) && subject.DueMs != at)
        {
            _queue.Dequeue();
        }

        if (_queue.TryPeek(out _, out var next))
        {
            Arm(next);
        }
        else
        {
            _armedFor = long.MaxValue;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Fire(Action<long> onDue)
    {
        _armedFor = long.MaxValue;
        onDue(_time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    private void Arm(long dueMs)
    {
        _armedFor = dueMs;
        var delay = Math.Max(0, dueMs - _time.GetUtcNow().ToUnixTimeMilliseconds());
        _timer.Change(TimeSpan.FromMilliseconds(delay), Timeout.InfiniteTimeSpan);
    }
}

/// <summary>Something with deadlines: a device, an agent, a route.</summary>
internal abstract class Subject
{
    /// <summary>The subject's next deadline in the queue (long.MaxValue: none).</summary>
    public long DueMs { get; set; } = long.MaxValue;

    /// <summary>The device, agent or route id (the second half of its problems' dedup keys).</summary>
    public abstract string Id { get; }

    /// <summary>Problems currently raised for this subject, by rule, as last raised.</summary>
    public Dictionary<string, Tickets.ProblemSignal> Raised { get; } = new(StringComparer.Ordinal);
}
