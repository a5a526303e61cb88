using System.Net;
using System.Text.Json;
using Iot.Hub.Alerts;
using Iot.Hub.Tickets;
using Iot.Testing;
using Iot.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Iot.Hub.Tests.Alerts;

/// <summary>Signed webhooks from a real hub to a real HTTP receiver: retries after 500s, dead-letter, restart.</summary>
public sealed class WebhookTests
{
    private const string Secret = "s3cret-for-the-lighting-operator";

    internal static string[] WebhookArgs(string url, int maxAttempts = 5) =>
    [
        "--Alerts:PublicBaseUrl=https://hub.demo.example",
        "--Alerts:Subscriptions:0:OperatorId=OP-LIGHT",
        $"--Alerts:Subscriptions:0:WebhookUrl={url}",
        $"--Alerts:Subscriptions:0:WebhookSecret={Secret}",
        "--Alerts:Subscriptions:0:EmailEnabled=false",
        "--Alerts:Subscriptions:0:Mqtt=false",
        "--Alerts:Webhook:BaseDelayMs=100",
        "--Alerts:Webhook:MaxDelayMs=400",
        $"--Alerts:Webhook:MaxAttempts={maxAttempts}",
    ];

    internal static Task<HubInstance> StartHubAsync(InMemoryTicketDirectory directory, IEnumerable<string> args, string? dataDir = null) =>
        HubInstance.StartAsync(args, s => s.AddSingleton<ITicketDirectory>(directory), dataDir);

    internal static void Open(HubInstance hub, InMemoryTicketDirectory directory, Ticket ticket)
    {
        directory.Put(ticket);
        hub.Services.GetRequiredService<AlertService>().OnTicketChanged(new TicketChange(ticket, TicketChangeKind.Opened, "system", ticket.OpenedAt));
    }

    private static Task<List<AlertDelivery>> DeliveriesAsync(HubInstance hub, string query) =>
        hub.GetAsync<List<AlertDelivery>>("/api/alerts/deliveries" + query);

    [Fact]
    public async Task Webhook_SignedPost_RetriedAfter500s_ThenSent()
    {
        var calls = 0;
        await using var receiver = new WebhookReceiver(Secret, _ => Interlocked.Increment(ref calls) <= 2 ? 500 : 200);
        var directory = new InMemoryTicketDirectory();
        await using var hub = await StartHubAsync(directory, WebhookArgs(receiver.Url));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Open(hub, directory, TestTickets.Open(41, now, now + 3_600_000, now + 7_200_000));

        await Poll.UntilAsync(() => receiver.Requests.Any(r => r.Status == 200), TimeSpan.FromSeconds(30), "the webhook accepted");
        var requests = receiver.Requests.ToList();
        Assert.Equal([500, 500, 200], requests.Select(r => r.Status));
        Assert.All(requests, r => Assert.True(r.SignatureValid, $"signature {r.Signature} over timestamp {r.Timestamp} is not valid"));
        Assert.Single(requests.Select(r => r.Delivery).Distinct()); // the same delivery id on every retry
        Assert.All(requests, r => Assert.Equal("opened", r.Event));

        using var body = JsonDocument.Parse(requests[^1].Body);
        var root = body.RootElement;
        Assert.Equal(requests[^1].Delivery, root.GetProperty("deliveryId").GetString());
        Assert.Equal("opened", root.GetProperty("event").GetString());
        Assert.Equal("opened", root.GetProperty("kind").GetString());
        Assert.Equal("https://hub.demo.example/api/tickets/41", root.GetProperty("link").GetString());
        var ticket = root.GetProperty("ticket");
        Assert.Equal(41, ticket.GetProperty("id").GetInt64());
        Assert.Equal("lamp_fault", ticket.GetProperty("rule").GetString());
        Assert.Equal("high", ticket.GetProperty("severity").GetString());
        Assert.Equal("streetlight", ticket.GetProperty("service").GetString());
        Assert.Equal("LAMP-41", ticket.GetProperty("deviceId").GetString());
        Assert.Equal(now + 3_600_000, ticket.GetProperty("ackDueAt").GetInt64());

        // Status visible through the API, and the notification log in the ticket's audit trail.
        await Poll.UntilAsync(
            async () => (await DeliveriesAsync(hub, "?ticketId=41&status=sent")).Count == 1, TimeSpan.FromSeconds(10), "the delivery listed as sent");
        var sent = Assert.Single(await DeliveriesAsync(hub, "?ticketId=41"));
        Assert.Equal(3, sent.Attempts);
        Assert.Equal(DeliveryStatus.Sent, sent.Status);
        Assert.Equal("HTTP 500 Internal Server Error", sent.LastError); // kept after success: why it took three attempts
        await Poll.UntilAsync(() => directory.Audit.Count(a => a.TicketId == 41) == 3, TimeSpan.FromSeconds(10), "three audit lines");
        Assert.Equal(["alert_failed", "alert_failed", "alert_sent"], directory.Audit.Where(a => a.TicketId == 41).Select(a => a.Action));
        Assert.All(directory.Audit, a => Assert.Equal("alerts", a.Actor));
    }

    [Fact]
    public async Task Webhook_AlwaysFailing_IsDeadAfterMaxAttempts_AndListedAsDead()
    {
        await using var receiver = new WebhookReceiver(Secret, _ => 500);
        var directory = new InMemoryTicketDirectory();
        await using var hub = await StartHubAsync(directory, WebhookArgs(receiver.Url, maxAttempts: 3));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Open(hub, directory, TestTickets.Open(42, now, now + 3_600_000, now + 7_200_000));

        await Poll.UntilAsync(
            async () => (await DeliveriesAsync(hub, "?status=dead")).Count == 1, TimeSpan.FromSeconds(30), "the delivery dead-lettered");
        var dead = Assert.Single(await DeliveriesAsync(hub, "?ticketId=42&status=dead"));
        Assert.Equal(3, dead.Attempts);
        Assert.Equal("HTTP 500 Internal Server Error", dead.LastError);
        Assert.Equal(AlertChannels.Webhook, dead.Channel);
        Assert.Equal(3, receiver.Requests.Count);
        Assert.Empty(await DeliveriesAsync(hub, "?status=pending"));
        await Poll.UntilAsync(() => directory.Audit.Any(a => a.Action == "alert_dead"), TimeSpan.FromSeconds(10), "the dead letter in the audit trail");

        var bad = await hub.Http.GetAsync(new Uri("/api/alerts/deliveries?status=lost", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Restart_OutboxSurvives_FailedDeliveryResumes_SentOneNotRepeated()
    {
        var accept44 = false;
        await using var receiver = new WebhookReceiver(Secret, r => r.Body.Contains("\"id\":44", StringComparison.Ordinal) && !Volatile.Read(ref accept44) ? 503 : 200);
        var directory = new InMemoryTicketDirectory();
        var dataDir = Directory.CreateTempSubdirectory("iot-alerts-restart-").FullName;
        // Long backoff: after its first failure the second ticket's delivery waits well past the restart.
        string[] args = [.. WebhookArgs(receiver.Url), "--Alerts:Webhook:BaseDelayMs=4000", "--Alerts:Webhook:MaxDelayMs=4000"];
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using (var first = await StartHubAsync(directory, args, dataDir))
        {
            Open(first, directory, TestTickets.Open(43, now, now + 3_600_000, now + 7_200_000));
            Open(first, directory, TestTickets.Open(44, now, now + 3_600_000, now + 7_200_000));
            await Poll.UntilAsync(
                async () => (await DeliveriesAsync(first, "?ticketId=44&status=failed")).Count == 1
                    && (await DeliveriesAsync(first, "?ticketId=43&status=sent")).Count == 1,
                TimeSpan.FromSeconds(30), "ticket 43 sent and ticket 44 failed once");
        }

        Volatile.Write(ref accept44, true);
        await using (var second = await StartHubAsync(directory, args, dataDir))
        {
            await Poll.UntilAsync(
                async () => (await DeliveriesAsync(second, "?ticketId=44&status=sent")).Count == 1, TimeSpan.FromSeconds(30), "ticket 44 sent after the restart");
            // Normally one failure before the restart; a slow machine may have let the first hub retry once more.
            var failures = receiver.Requests.Count(r => r.Status == 503);
            var resumed = Assert.Single(await DeliveriesAsync(second, "?ticketId=44"));
            Assert.Equal(failures + 1, resumed.Attempts);
            Assert.InRange(failures, 1, 2);
        }

        var requests = receiver.Requests.ToList();
        Assert.Single(requests, r => r.Status == 200 && r.Body.Contains("\"id\":43", StringComparison.Ordinal));
        Assert.Single(requests, r => r.Status == 200 && r.Body.Contains("\"id\":44", StringComparison.Ordinal));
        Assert.Single(requests.Where(r => r.Body.Contains("\"id\":44", StringComparison.Ordinal)).Select(r => r.Delivery).Distinct());
        Directory.Delete(dataDir, recursive: true);
    }
}
