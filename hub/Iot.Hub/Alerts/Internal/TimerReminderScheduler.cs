using System.Collections.Concurrent;
using Iot.Hub.Internal;

namespace Iot.Hub.Alerts.Internal;

/// <summary>Fires steps with <see cref="TimeProvider"/> timers (in-memory; the hub re-plans from tickets at start).</summary>
internal sealed class TimerReminderScheduler(TimeProvider time, Deferred<AlertService> alerts) : IReminderScheduler, IDisposable
{
    private readonly ConcurrentDictionary<(long Ticket, string Step), ITimer> _timers = new();

    public Task ScheduleAsync(long ticketId, ReminderStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        var due = TimeSpan.FromMilliseconds(Math.Max(0, step.DueAt - time.GetUtcNow().ToUnixTimeMilliseconds()));
        var timer = time.CreateTimer(_ => Fire(ticketId, step), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (_timers.TryRemove((ticketId, step.Step), out var old))
        {
            old.Dispose();
        }

        _timers[(ticketId, step.Step)] = timer;
        timer.Change(due, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public Task CancelAsync(long ticketId, CancellationToken cancellationToken)
    {
        foreach (var key in _timers.Keys.Where(k => k.Ticket == ticketId).ToList())
        {
            if (_timers.TryRemove(key, out var timer))
            {
                timer.Dispose();
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Steps waiting, for tests.</summary>
    public int Pending => _timers.Count;

    public void Dispose()
    {
        foreach (var timer in _timers.Values)
        {
            timer.Dispose();
        }
    }

    private void Fire(long ticketId, ReminderStep step)
    {
        if (_timers.TryGetValue((ticketId, step.Step), out var timer) && _timers.TryRemove(new KeyValuePair<(long, string), ITimer>((ticketId, step.Step), timer)))
        {
            timer.Dispose();
        }

        _ = alerts.Value.FireStepAsync(ticketId, step, CancellationToken.None);
    }
}
