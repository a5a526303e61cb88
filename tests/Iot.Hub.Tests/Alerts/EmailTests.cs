using Iot.Contracts;
using Iot.Testing;

namespace Iot.Hub.Tests.Alerts;

/// <summary>E-mail alerts through a real SMTP server (aiosmtpd), in each operator's language.</summary>
public sealed class EmailTests
{
    [Fact]
    public async Task OpenedTickets_AreMailedInEachOperatorsLanguage_WithLocalDeadlines()
    {
        await using var smtp = await SmtpSink.StartAsync();
        var directory = new InMemoryTicketDirectory();
        await using var hub = await WebhookTests.StartHubAsync(directory,
        [
            "--Alerts:PublicBaseUrl=https://hub.demo.example",
            "--Alerts:Smtp:Host=127.0.0.1",
            $"--Alerts:Smtp:Port={smtp.Port}",
            "--Alerts:Smtp:From=alertes@hub.demo.example",
            "--Alerts:Smtp:Tls=None",
            "--Alerts:Subscriptions:0:OperatorId=OP-LIGHT", // French in the city file; its e-mail is the city file's
            "--Alerts:Subscriptions:0:Mqtt=false",
            "--Alerts:Subscriptions:1:OperatorId=OP-BUS", // English
            "--Alerts:Subscriptions:1:Mqtt=false",
            "--Alerts:Subscriptions:2:OperatorId=OP-WASTE", // Arabic
            "--Alerts:Subscriptions:2:Mqtt=false",
            "--Alerts:Subscriptions:2:Email=depot@proprete.example",
        ]);

        // Opened now (the hub runs on the real clock: a ticket opened in the past would also get its reminders and
        // escalations), on a whole minute so the mailed times are exact; acknowledge within 2 h, repair within 24 h.
        var now = DateTimeOffset.UtcNow;
        var openedAt = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var opened = openedAt.ToUnixTimeMilliseconds();
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"); // the demo commune's zone
        string Local(DateTimeOffset t) =>
            TimeZoneInfo.ConvertTime(t, paris).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " (Europe/Paris)";
        WebhookTests.Open(hub, directory, TestTickets.Open(51, opened, opened + 7_200_000, opened + 86_400_000));
        WebhookTests.Open(hub, directory, TestTickets.Open(52, opened, opened + 7_200_000, null, "OP-BUS", ServiceKind.Bus, "critical"));
        WebhookTests.Open(hub, directory, TestTickets.Open(53, opened, opened + 7_200_000, null, "OP-WASTE", ServiceKind.Wastebin, "medium"));

        await Poll.UntilAsync(() => smtp.Messages().Count == 3, TimeSpan.FromSeconds(30), "three e-mails in the SMTP sink");
        var mails = smtp.Messages();

        var fr = Assert.Single(mails, m => m.To.ToString() == "exploitation@lumiere-azur.example");
        Assert.Equal("[élevée] Ticket n° 51 ouvert : Lamp reports a failure", fr.Subject);
        Assert.Equal("alertes@hub.demo.example", fr.From.ToString());
        var body = fr.TextBody;
        Assert.Contains("Un nouveau ticket vous a été attribué.", body, StringComparison.Ordinal);
        Assert.Contains("Ticket : 51", body, StringComparison.Ordinal);
        Assert.Contains("Gravité : élevée", body, StringComparison.Ordinal);
        Assert.Contains("Règle : lamp_fault", body, StringComparison.Ordinal);
        Assert.Contains("Équipement : LAMP-51", body, StringComparison.Ordinal);
        Assert.Contains("Résumé : Lamp reports a failure", body, StringComparison.Ordinal);
        Assert.Contains($"Ouvert le : {Local(openedAt)}", body, StringComparison.Ordinal);
        Assert.Contains($"À acquitter avant : {Local(openedAt.AddHours(2))}", body, StringComparison.Ordinal);
        Assert.Contains($"À réparer avant : {Local(openedAt.AddHours(24))}", body, StringComparison.Ordinal);
        Assert.Contains("Lien : https://hub.demo.example/api/tickets/51", body, StringComparison.Ordinal);

        var en = Assert.Single(mails, m => m.To.ToString() == "regulation@azur-mobilites.example");
        Assert.Equal("[critical] Ticket #52 opened: Lamp reports a failure", en.Subject);
        Assert.Contains("Severity : critical", en.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Acknowledge by : {Local(openedAt.AddHours(2))}", en.TextBody, StringComparison.Ordinal);
        Assert.Contains("Repair by : —", en.TextBody, StringComparison.Ordinal);

        var ar = Assert.Single(mails, m => m.To.ToString() == "depot@proprete.example");
        Assert.Equal("[متوسطة] تم فتح التذكرة رقم 53: Lamp reports a failure", ar.Subject);
        Assert.Contains("الخطورة : متوسطة", ar.TextBody, StringComparison.Ordinal);

        await Poll.UntilAsync(() => directory.Audit.Count(a => a.Action == "alert_sent") == 3, TimeSpan.FromSeconds(10), "three sent e-mails in the audit trails");
    }
}
