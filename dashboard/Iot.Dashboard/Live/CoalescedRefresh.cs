namespace Iot.Dashboard.Live;

/// <summary>
/// Turns a burst of change notifications into one refresh: the first <see cref="Request"/> arms a timer for
/// <c>delay</c>, requests until it fires are absorbed, and when it fires the refresh runs once. A request arriving while
/// the refresh runs schedules the next one, so the last change is never missed. Requests may come from any thread
/// (hub notifications); a page passes <c>() =&gt; InvokeAsync(ReloadAsync)</c> to run the refresh on its renderer.
/// Time comes from the <see cref="TimeProvider"/>, so tests drive it with a fake clock. After <see cref="Dispose"/>
/// nothing more runs.
/// </summary>
public sealed class CoalescedRefresh : IDisposable
{
    private readonly TimeSpan _delay;
    private readonly Func<Task> _refresh;
    private readonly ITimer _timer;
    private int _pending;
    private volatile bool _disposed;

    public CoalescedRefresh(TimeProvider time, TimeSpan delay, Func<Task> refresh)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(refresh);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        _delay = delay;
        _refresh = refresh;
        _timer = time.CreateTimer(_ => OnDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Asks for a refresh within the delay; absorbed when one is already on its way.</summary>
    public void Request()
    {
        if (!_disposed && Interlocked.Exchange(ref _pending, 1) == 0)
        {
            _timer.Change(_delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnDue()
    {
        // Cleared before the refresh starts: a change made while it reads is requested again, not lost.
        Volatile.Write(ref _pending, 0);
        if (!_disposed)
        {
            _ = _refresh();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _timer.Dispose();
    }
}
