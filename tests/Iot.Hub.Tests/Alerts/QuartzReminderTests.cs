using Iot.Hub.Alerts;
using Iot.Hub.Tickets;
using Iot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Iot.Hub.Tests.Alerts;

/// <summary>The production path: Quartz.NET fires the planned steps at their instants in a real hub (real clock, seconds).</summary>
public sealed class QuartzReminderTests
{
    [Fact]
    public async Task Quartz_FiresRemindersAtComputedInstants_AndAcknowledgeCancelsThem()
    {
        await using var receiver = new WebhookReceiver("s3cret-for-the-lighting-operator", _ => 200);
        var directory = new InMemoryTicketDirectory();
        await using var hub = await WebhookTests.StartHubAsync(directory, WebhookTests.WebhookArgs(receiver.Url));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var reminded = TestTickets.Open(71, now, now + 3_000, now + 3_600_000);
        var acknowledged = TestTickets.Open(72, now, now + 3_000, now + 3_600_000);
        WebhookTests.Open(hub, directory, reminded);
        WebhookTests.Open(hub, directory, acknowledged);
        var ack = acknowledged with { Status = TicketStatus.Acknowledged, AcknowledgedAt = now + 100 };
        directory.Put(ack);
        hub.Services.GetRequiredService<AlertService>().OnTicketChanged(new TicketChange(ack, TicketChangeKind.Acknowledged, "api", now + 100));

        await Poll.UntilAsync(
            () => receiver.Requests.Any(r => r.Event == AlertEvents.Reminder100 && r.Body.Contains("\"id\":71", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the 100 % reminder of ticket 71");
        var reminders = await hub.GetAsync<List<AlertDelivery>>("/api/alerts/deliveries?ticketId=71");
        var half = Assert.Single(reminders, d => d.Event == AlertEvents.Reminder50);
        Assert.True(half.CreatedAt >= now + 1_500, $"the 50 % reminder was queued {half.CreatedAt - now} ms after opening, before its instant (1500 ms)");
        var full = Assert.Single(reminders, d => d.Event == AlertEvents.Reminder100);
        Assert.True(full.CreatedAt >= now + 3_000, $"the 100 % reminder was queued {full.CreatedAt - now} ms after opening, before its instant (3000 ms)");

        var deliveries = await hub.GetAsync<List<AlertDelivery>>("/api/alerts/deliveries?ticketId=72");
        Assert.Equal([AlertEvents.Opened], deliveries.Select(d => d.Event)); // acknowledged before 50 %: no reminder
        Assert.Contains(await hub.GetAsync<List<AlertDelivery>>("/api/alerts/deliveries?ticketId=71"), d => d.Event == AlertEvents.AckBreach);
    }
}
