using Iot.Hub.Alerts;
using Iot.Hub.Tickets;

namespace Iot.Hub.Tests.Alerts;

/// <summary>Reminders at 50 % and 100 % of the acknowledge deadline and escalation on breaches, on a fake clock.</summary>
public sealed class ReminderTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task OpenTicket_RemindsAtHalfAndFullAckTime_ThenEscalatesToCommune()
    {
        await using var h = await AlertsHarness.StartAsync();
        var t0 = h.NowMs;
        var ticket = TestTickets.Open(1, t0, ackDueAt: t0 + (60 * 60_000), repairDueAt: t0 + (240 * 60_000));
        await h.ChangeAsync(ticket, TicketChangeKind.Opened);
        Assert.Equal(2, (await h.DeliveriesAsync(1, AlertEvents.Opened)).Count); // webhook + MQTT of OP-LIGHT

        h.Time.Advance(29 * Minute);
        Assert.Empty(await h.DeliveriesAsync(1, AlertEvents.Reminder50));

        h.Time.Advance(Minute);
        await h.WaitForEventAsync(1, AlertEvents.Reminder50, 2);
        var half = await h.DeliveriesAsync(1, AlertEvents.Reminder50);
        Assert.All(half, d => Assert.Equal("operator:OP-LIGHT", d.Recipient));
        Assert.Empty(await h.DeliveriesAsync(1, AlertEvents.Reminder100));

        h.Time.Advance(29 * Minute);
        Assert.Empty(await h.DeliveriesAsync(1, AlertEvents.Reminder100));
        h.Time.Advance(Minute);
        await h.WaitForEventAsync(1, AlertEvents.Reminder100, 2);
        await h.WaitForEventAsync(1, AlertEvents.AckBreach, 3);
        var breach = await h.DeliveriesAsync(1, AlertEvents.AckBreach);
        Assert.Contains(breach, d => d.Recipient == "commune:demo" && d.Target == "http://127.0.0.1:9/commune");
        Assert.Empty(await h.DeliveriesAsync(1, AlertEvents.RepairBreach));

        h.Time.Advance(180 * Minute);
        await h.WaitForEventAsync(1, AlertEvents.RepairBreach, 3);
        Assert.Equal(2, (await h.DeliveriesAsync(1, AlertEvents.Reminder50)).Count); // each step once
    }

    [Fact]
    public async Task Acknowledge_CancelsAckRemindersButKeepsRepairEscalation_ResolveCancelsAll()
    {
        await using var h = await AlertsHarness.StartAsync();
        var t0 = h.NowMs;
        var ticket = TestTickets.Open(2, t0, ackDueAt: t0 + (60 * 60_000), repairDueAt: t0 + (120 * 60_000));
        var other = TestTickets.Open(3, t0, ackDueAt: t0 + (60 * 60_000), repairDueAt: t0 + (120 * 60_000));
        await h.ChangeAsync(ticket, TicketChangeKind.Opened);
        await h.ChangeAsync(other, TicketChangeKind.Opened);

        h.Time.Advance(40 * Minute);
        await h.WaitForEventAsync(2, AlertEvents.Reminder50, 2);
        await h.ChangeAsync(ticket with { Status = TicketStatus.Acknowledged, AcknowledgedAt = h.NowMs }, TicketChangeKind.Acknowledged);
        await h.ChangeAsync(other with { Status = TicketStatus.Resolved, ResolvedAt = h.NowMs, Resolution = "auto" }, TicketChangeKind.Resolved);
        Assert.Single(await h.DeliveriesAsync(3, AlertEvents.Resolved), d => d.Channel == AlertChannels.Webhook);
        Assert.Equal(1, h.Scheduler.Pending); // only ticket 2's repair escalation is left

        h.Time.Advance(30 * Minute); // past the acknowledge deadline
        h.Time.Advance(49 * Minute); // just before the repair deadline
        Assert.Empty(await h.DeliveriesAsync(2, AlertEvents.Reminder100));
        Assert.Empty(await h.DeliveriesAsync(2, AlertEvents.AckBreach));
        Assert.Empty(await h.DeliveriesAsync(2, AlertEvents.RepairBreach));

        h.Time.Advance(Minute);
        await h.WaitForEventAsync(2, AlertEvents.RepairBreach, 3);
        Assert.Empty(await h.DeliveriesAsync(3, AlertEvents.RepairBreach));
        Assert.Empty(await h.DeliveriesAsync(3, AlertEvents.Reminder100));
    }

    [Fact]
    public async Task Restart_ReplansFromUnresolvedTickets_WithoutResendingFiredSteps()
    {
        var directory = new InMemoryTicketDirectory();
        string dataDir;
        Microsoft.Extensions.Time.Testing.FakeTimeProvider time;
        long t0;
        await using (var first = await AlertsHarness.StartAsync(directory: directory))
        {
            (dataDir, time, t0) = (first.DataDir, first.Time, first.NowMs);
            await first.ChangeAsync(TestTickets.Open(4, t0, ackDueAt: t0 + (60 * 60_000), repairDueAt: t0 + (600 * 60_000)), TicketChangeKind.Opened);
            await first.ChangeAsync(TestTickets.Open(5, t0, ackDueAt: t0 + (60 * 60_000), repairDueAt: t0 + (600 * 60_000)), TicketChangeKind.Opened);
            time.Advance(30 * Minute);
            await first.WaitForEventAsync(4, AlertEvents.Reminder50, 2);
            await first.WaitForEventAsync(5, AlertEvents.Reminder50, 2);
        }

        // Down for 15 minutes: nothing was due meanwhile, so nothing fires at start and the 50 % reminder is not repeated.
        time.Advance(15 * Minute);
        await using (var second = await AlertsHarness.StartAsync(time, directory, dataDir))
        {
            Assert.Equal(2, (await second.DeliveriesAsync(4, AlertEvents.Reminder50)).Count);
            Assert.Empty(await second.DeliveriesAsync(4, AlertEvents.Reminder100));
            Assert.Equal(6, second.Scheduler.Pending); // 100 %, acknowledge breach and repair breach of both tickets
        }

        // Down across the acknowledge deadline: the overdue steps fire once at start.
        time.Advance(30 * Minute);
        await using (var third = await AlertsHarness.StartAsync(time, directory, dataDir))
        {
            await third.WaitForEventAsync(4, AlertEvents.Reminder100, 2);
            await third.WaitForEventAsync(4, AlertEvents.AckBreach, 3);
            Assert.Equal(2, (await third.DeliveriesAsync(4, AlertEvents.Reminder50)).Count);
        }

        await using (var fourth = await AlertsHarness.StartAsync(time, directory, dataDir))
        {
            Assert.Equal(2, (await fourth.DeliveriesAsync(4, AlertEvents.Reminder100)).Count);
            Assert.Equal(3, (await fourth.DeliveriesAsync(4, AlertEvents.AckBreach)).Count);
            Assert.Equal(2, fourth.Scheduler.Pending); // only the repair escalations wait
        }

        Directory.Delete(dataDir, recursive: true);
    }

    [Fact]
    public async Task ChildTicket_IsNotAlertedNorReminded()
    {
        await using var h = await AlertsHarness.StartAsync();
        var t0 = h.NowMs;
        await h.ChangeAsync(TestTickets.Open(6, t0, t0 + 60_000, t0 + 120_000, parentId: 1), TicketChangeKind.Linked);
        h.Time.Advance(10 * Minute);
        Assert.Empty(await h.DeliveriesAsync(6));
        Assert.Equal(0, h.Scheduler.Pending);
    }

    [Fact]
    public void Plan_ComputesHalfAndFullAckTime_AndRepairWithGrace()
    {
        var ticket = TestTickets.Open(7, 1_000_000, ackDueAt: 1_000_000 + 3_600_000, repairDueAt: 1_000_000 + 7_200_000);
        var plan = ReminderPlan.For(ticket, graceMs: 5_000);
        Assert.Equal(
            [
                new ReminderStep(AlertEvents.Reminder50, 2_800_000),
                new ReminderStep(AlertEvents.Reminder100, 4_600_000),
                new ReminderStep(AlertEvents.AckBreach, 4_605_000),
                new ReminderStep(AlertEvents.RepairBreach, 8_205_000),
            ],
            plan);
        Assert.Equal([new ReminderStep(AlertEvents.RepairBreach, 8_205_000)], ReminderPlan.For(ticket with { Status = TicketStatus.Acknowledged }, 5_000));
        Assert.Empty(ReminderPlan.For(ticket with { Status = TicketStatus.Resolved }, 5_000));
        // No operator (unrouted): no operator reminders, but the commune hears of the breach.
        Assert.Equal([AlertEvents.AckBreach, AlertEvents.RepairBreach], ReminderPlan.For(ticket with { OperatorId = null, Unrouted = true }, 0).Select(s => s.Step));
    }
}
