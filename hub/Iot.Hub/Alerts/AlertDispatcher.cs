using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using Iot.Hub.Alerts.Internal;
using Iot.Hub.Ingest;
using Iot.Hub.Internal;
using Iot.Hub.Tickets;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MQTTnet;
using MQTTnet.Protocol;

namespace Iot.Hub.Alerts;

/// <summary>
/// Sends the outbox's due deliveries (webhook, e-mail, MQTT), records each outcome, retries failures with exponential
/// backoff and jitter, and dead-letters a delivery after <c>Alerts:Webhook:MaxAttempts</c>. Every sent, failed and dead
/// attempt is appended to the ticket's audit trail (actor <c>alerts</c>).
/// </summary>
public sealed class AlertDispatcher : BackgroundService
{
    private const int BatchSize = 32;
    private static readonly TimeSpan LongestSleep = TimeSpan.FromSeconds(30);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly AlertsOptions _options;
    private readonly AlertOutbox _outbox;
    private readonly ITicketDirectory _directory;
    private readonly Deferred<IMqttPublisher> _publisher; // resolved when first used: the broker's constructor chain must not reach the alerts
    private readonly TimeProvider _time;
    private readonly ILogger<AlertDispatcher> _logger;
    private readonly HttpClient _http;

    public AlertDispatcher(IOptions<AlertsOptions> options, AlertOutbox outbox, ITicketDirectory directory, Deferred<IMqttPublisher> publisher, TimeProvider time, ILogger<AlertDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _outbox = outbox;
        _directory = directory;
        _publisher = publisher;
        _time = time;
        _logger = logger;
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(_options.Webhook.TimeoutSeconds) };
    }

    /// <summary>Tells the dispatcher new deliveries are queued.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
                var due = await _outbox.DueAsync(now, BatchSize, stoppingToken);
                if (due.Count > 0)
                {
                    await Task.WhenAll(due.Select(d => AttemptAsync(d, stoppingToken)));
                    continue;
                }

                var next = await _outbox.NextDueAsync(stoppingToken);
                var wait = next is long at ? TimeSpan.FromMilliseconds(Math.Max(1, at - now)) : LongestSleep;
                await SleepAsync(wait < LongestSleep ? wait : LongestSleep, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                AlertsLog.DispatchFailed(_logger, ex);
                await SleepAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task SleepAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(wait, _time, cts.Token);
        var woken = _wake.Reader.WaitToReadAsync(cts.Token).AsTask();
        await Task.WhenAny(delay, woken);
        await cts.CancelAsync();
        _wake.Reader.TryRead(out _);
    }

    private async Task AttemptAsync(AlertDelivery delivery, CancellationToken cancellationToken)
    {
        var attempt = delivery.Attempts + 1;
        string? error = null;
        try
        {
            await SendAsync(delivery, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            error = ex.Message.Length > 500 ? ex.Message[..500] : ex.Message;
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        string action;
        if (error is null)
        {
            // The last error stays: it says why an alert needed several attempts.
            await _outbox.UpdateAsync(delivery.Id, DeliveryStatus.Sent, attempt, now, delivery.LastError, now, cancellationToken);
            AlertsLog.Sent(_logger, delivery.Id, delivery.Event, delivery.TicketId, delivery.Channel, delivery.Target, attempt);
            action = "alert_sent";
        }
        else if (attempt >= _options.Webhook.MaxAttempts)
        {
            await _outbox.UpdateAsync(delivery.Id, DeliveryStatus.Dead, attempt, now, error, now, cancellationToken);
            AlertsLog.Dead(_logger, delivery.Id, delivery.Channel, delivery.Target, attempt, error);
            action = "alert_dead";
        }
        else
        {
            var delay = RetryBackoff.DelayMs(attempt, _options.Webhook, Random.Shared);
            await _outbox.UpdateAsync(delivery.Id, DeliveryStatus.Failed, attempt, now + delay, error, now, cancellationToken);
            AlertsLog.Failed(_logger, delivery.Id, delivery.Channel, delivery.Target, attempt, delay, error);
            action = "alert_failed";
        }

        var detail = $"{delivery.Event} by {delivery.Channel} to {delivery.Target} ({delivery.Recipient}), delivery {delivery.Id}, attempt {attempt}"
            + (error is null ? "" : ": " + error);
        try
        {
            await _directory.AppendAuditAsync(delivery.TicketId, "alerts", action, detail, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            AlertsLog.AuditFailed(_logger, delivery.TicketId, ex.Message);
        }
    }

    private Task SendAsync(AlertDelivery delivery, CancellationToken cancellationToken) => delivery.Channel switch
    {
        AlertChannels.Webhook => PostAsync(delivery, cancellationToken),
        AlertChannels.Email => MailAsync(delivery, cancellationToken),
        AlertChannels.Mqtt => PublishAsync(delivery, cancellationToken),
        _ => throw new InvalidOperationException($"unknown channel '{delivery.Channel}'"),
    };

    private async Task PostAsync(AlertDelivery delivery, CancellationToken cancellationToken)
    {
        var secret = SecretOf(delivery)
            ?? throw new InvalidOperationException($"no webhook secret is configured any more for {delivery.Recipient} at {delivery.Target}");
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Target) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id);
        request.Headers.Add(WebhookSignature.EventHeader, delivery.Event);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }
    }

    private string? SecretOf(AlertDelivery delivery)
    {
        var id = delivery.Recipient[(delivery.Recipient.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return delivery.Recipient.StartsWith("operator:", StringComparison.Ordinal)
            ? _options.Subscriptions.FirstOrDefault(s => s.OperatorId == id && s.WebhookUrl == delivery.Target)?.WebhookSecret
            : _options.Escalation.FirstOrDefault(c => c.CommuneId == id && c.WebhookUrl == delivery.Target)?.WebhookSecret;
    }

    private async Task MailAsync(AlertDelivery delivery, CancellationToken cancellationToken)
    {
        var smtp = _options.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            throw new InvalidOperationException("Alerts:Smtp:Host is not set");
        }

        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From ?? throw new InvalidOperationException("Alerts:Smtp:From is not set")));
        message.To.Add(MailboxAddress.Parse(delivery.Target));
        message.Subject = delivery.Subject ?? "";
        message.Headers.Add("X-Iot-Delivery", delivery.Id);
        message.Body = new TextPart("plain") { Text = delivery.Payload };
        using var client = new SmtpClient { Timeout = _options.Webhook.TimeoutSeconds * 1000 };
        var tls = smtp.Tls switch
        {
            SmtpTlsMode.None => SecureSocketOptions.None,
            SmtpTlsMode.StartTls => SecureSocketOptions.StartTls,
            SmtpTlsMode.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTlsWhenAvailable,
        };
        await client.ConnectAsync(smtp.Host, smtp.Port, tls, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.User))
        {
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    private async Task PublishAsync(AlertDelivery delivery, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(delivery.Target)
            .WithPayload(Encoding.UTF8.GetBytes(delivery.Payload))
            .WithContentType("application/json")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await _publisher.Value.PublishAsync(message, cancellationToken);
    }
}
