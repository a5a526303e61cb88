namespace Iot.Hub.Storage.Influx;

/// <summary>
/// A wake-up flag for one waiting loop. <see cref="Set"/> after changing state; the waiter re-checks state after each
/// wake, so a signal that arrives while it is busy is never lost.
/// </summary>
internal sealed class AsyncSignal
{
    private TaskCompletionSource _signal = NewSource();

    public void Set() => Volatile.Read(ref _signal).TrySetResult();

    /// <summary>The task that completes at the next <see cref="Set"/> (or at once if one came since the last reset).</summary>
    public Task Current => Volatile.Read(ref _signal).Task;

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await Current.WaitAsync(cancellationToken);
        Reset();
    }

    /// <summary>Clears a completed signal; call before re-checking state.</summary>
    public void Reset()
    {
        var current = Volatile.Read(ref _signal);
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _signal, NewSource(), current);
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
