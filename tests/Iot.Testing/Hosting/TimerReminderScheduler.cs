using System.Collections.Concurrent;
using Iot.Hub.Alerts;
using Microsoft.Extensions.DependencyInjection;

namespace Iot.Testing.Hosting;

/// <summary>
/// Fires alert steps with <see cref="TimeProvider"/> timers, in memory, so that tests drive reminders and escalations
/// with a fake clock. The hub itself schedules them with Quartz.NET (<c>QuartzReminderScheduler</c>).
/// </summary>
public sealed class TimerReminderScheduler(TimeProvider time, IServiceProvider services) : IReminderScheduler, IDisposable
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

        _ = services.GetRequiredService<AlertService>().FireStepAsync(ticketId, step, CancellationToken.None);
    }
}
