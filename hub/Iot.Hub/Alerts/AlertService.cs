using System.Threading.Channels;
using Iot.Hub.Alerts.Internal;
using Iot.Hub.Devices;
using Iot.Hub.Tickets;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Alerts;

/// <summary>
/// Turns ticket changes into alert deliveries and keeps each ticket's reminders and escalations planned.
/// <see cref="OnTicketChanged"/> only queues; the work runs here in the background. At start it re-plans the reminders of
/// unresolved tickets (from <see cref="ITicketDirectory"/>), firing at once the overdue steps not already fired.
/// </summary>
public sealed class AlertService : BackgroundService, ITicketObserver
{
    private readonly Channel<TicketChange> _changes = Channel.CreateUnbounded<TicketChange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly AlertsOptions _options;
    private readonly AlertComposer _composer;
    private readonly AlertOutbox _outbox;
    private readonly AlertDispatcher _dispatcher;
    private readonly ITicketDirectory _directory;
    private readonly IReminderScheduler _scheduler;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertService> _logger;
    private readonly TaskCompletionSource _replanned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _handled;

    public AlertService(
        IOptions<AlertsOptions> options, DeviceRegistry registry, AlertOutbox outbox, AlertDispatcher dispatcher,
        ITicketDirectory directory, IReminderScheduler scheduler, TimeProvider time, ILogger<AlertService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        _options = options.Value;
        _composer = new AlertComposer(_options, registry.City);
        _outbox = outbox;
        _dispatcher = dispatcher;
        _directory = directory;
        _scheduler = scheduler;
        _time = time;
        _logger = logger;
    }

    /// <summary>Changes handled so far (tests wait on it).</summary>
    public long Handled => Interlocked.Read(ref _handled);

    /// <summary>Completes once the start-up re-planning is done.</summary>
    public Task Replanned => _replanned.Task;

    private long GraceMs => _options.EscalationGraceSeconds * 1000L;

    public void OnTicketChanged(TicketChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (_options.Enabled)
        {
            _changes.Writer.TryWrite(change);
        }
    }

    /// <summary>Fires one reminder/escalation step if it still applies to the ticket and has not fired before.</summary>
    public async Task FireStepAsync(long ticketId, ReminderStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        try
        {
            var ticket = await _directory.FindAsync(ticketId, cancellationToken);
            if (ticket is null || !ReminderPlan.StillApplies(ticket, step.Step, step.DueAt, GraceMs))
            {
                return;
            }

            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            if (now < step.DueAt)
            {
                // Fired early (the scheduler's clock is not the hub's): wait for the real instant.
                await _scheduler.ScheduleAsync(ticketId, step, cancellationToken);
                return;
            }

            if (await _outbox.HasFiredAsync(ticketId, step.Step, step.DueAt, cancellationToken))
            {
                return;
            }

            // Queue first, then mark: a crash in between re-queues the same ids, which the outbox ignores.
            var deliveries = _composer.Compose(ticket, step.Step, null, step.DueAt, now);
            await _outbox.AddAsync(deliveries, cancellationToken);
            await _outbox.TryMarkFiredAsync(ticketId, step.Step, step.DueAt, now, cancellationToken);
            AlertsLog.StepFired(_logger, step.Step, ticketId, deliveries.Count);
            _dispatcher.Wake();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            AlertsLog.StepFailed(_logger, step.Step, ticketId, ex);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await ReplanAsync(stoppingToken);
        }
        finally
        {
            _replanned.TrySetResult();
        }

        await foreach (var change in _changes.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await HandleAsync(change, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                AlertsLog.ChangeFailed(_logger, change.Kind.ToString(), change.Ticket.Id, ex);
            }

            Interlocked.Increment(ref _handled);
        }
    }

    private async Task ReplanAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled || !_options.Reminders)
        {
            return;
        }

        var tickets = await _directory.ListUnresolvedAsync(cancellationToken);
        var fired = 0;
        foreach (var ticket in tickets)
        {
            fired += await PlanAsync(ticket, cancellationToken);
        }

        AlertsLog.Replanned(_logger, tickets.Count, fired);
    }

    /// <summary>Schedules the ticket's future steps; fires overdue ones not yet fired. Returns how many were fired now.</summary>
    private async Task<int> PlanAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var fired = 0;
        foreach (var step in ReminderPlan.For(ticket, GraceMs))
        {
            if (await _outbox.HasFiredAsync(ticket.Id, step.Step, step.DueAt, cancellationToken))
            {
                continue;
            }

            if (step.DueAt <= now)
            {
                await FireStepAsync(ticket.Id, step, cancellationToken);
                fired++;
            }
            else
            {
                await _scheduler.ScheduleAsync(ticket.Id, step, cancellationToken);
            }
        }

        return fired;
    }

    private async Task HandleAsync(TicketChange change, CancellationToken cancellationToken)
    {
        var ticket = change.Ticket;
        if (change.Kind == TicketChangeKind.Linked || ticket.ParentId is not null)
        {
            // A child ticket is covered by its parent's alerts.
            await _scheduler.CancelAsync(ticket.Id, cancellationToken);
            return;
        }

        var alertEvent = change.Kind switch
        {
            TicketChangeKind.Opened => AlertEvents.Opened,
            TicketChangeKind.Reopened => AlertEvents.Reopened,
            TicketChangeKind.Resolved => AlertEvents.Resolved,
            _ => null,
        };
        if (change.Kind is TicketChangeKind.Acknowledged or TicketChangeKind.Resolved or TicketChangeKind.Closed or TicketChangeKind.Reopened)
        {
            await _scheduler.CancelAsync(ticket.Id, cancellationToken);
        }

        if (alertEvent is not null)
        {
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var deliveries = _composer.Compose(ticket, alertEvent, change.Kind.ToString().ToLowerInvariant(), change.AtMs, now);
            if (deliveries.Count > 0)
            {
                await _outbox.AddAsync(deliveries, cancellationToken);
                _dispatcher.Wake();
            }
        }

        if (_options.Reminders && change.Kind is TicketChangeKind.Opened or TicketChangeKind.Reopened or TicketChangeKind.Acknowledged)
        {
            await PlanAsync(ticket, cancellationToken);
        }
    }
}
