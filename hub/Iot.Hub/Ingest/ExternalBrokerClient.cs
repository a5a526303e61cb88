using System.Buffers;
using System.Threading.Channels;
using Iot.Contracts;
using Iot.Hub.Internal;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace Iot.Hub.Ingest;

/// <summary>
/// The hub as an MQTT 5 client of an external broker (<c>Mqtt:Mode=External</c>); the broker authenticates the agents
/// and enforces their ACLs. One connection loop (connect, subscribe, <c>TryPingAsync</c> every few seconds, reconnect
/// with exponential backoff and jitter); <c>DisconnectedAsync</c> only wakes the loop, it never reconnects itself.
/// <para>
/// No loss: the session is persistent (CleanStart = false, a long session expiry), so the broker keeps the hub's
/// subscriptions and queues QoS 1 messages while the hub is away. Each message is acknowledged by hand, only once the
/// ingest pipeline has queued it. MQTTnet runs this handler for one message at a time and awaits it, so a full queue
/// holds back the PUBACKs, and the broker stops sending once <see cref="MqttOptions.ReceiveMaximum"/> messages are
/// unacknowledged: memory stays bounded and the backlog waits in the broker. (Debian 12's mosquitto 2.0.11 releases up
/// to Receive Maximum more at each PUBACK, a bug fixed in 2.0.13; it still stops once the hub stops acknowledging.) A
/// message received but not queued (the hub stopping) is not acknowledged, and the broker sends it again next time.
/// </para>
/// </summary>
public sealed class ExternalBrokerClient : BackgroundService, IMqttPublisher
{
    /// <summary>The message kinds the hub consumes; <c>cmd</c> is the hub's own output.</summary>
    public static readonly IReadOnlyList<MessageKind> ConsumedKinds = [MessageKind.Telemetry, MessageKind.Event, MessageKind.Status, MessageKind.CmdAck];

    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    private readonly IIngestPipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly MqttOptions _options;
    private readonly ILogger<ExternalBrokerClient> _logger;
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _clientOptions;
    private readonly MqttClientSubscribeOptions _subscribeOptions;
    private TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationToken _stopping = new(canceled: true);
    private volatile bool _subscribed;
    private volatile string? _lastError;

    public ExternalBrokerClient(IIngestPipeline pipeline, TimeProvider time, IOptions<MqttOptions> options, ILogger<ExternalBrokerClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _pipeline = pipeline;
        _time = time;
        _options = options.Value;
        _logger = logger;
        TopicFilters = [.. ConsumedKinds.Select(k => SubscriptionFilter(_options.SharedGroup, k))];
        _clientOptions = ExternalClientOptions.Build(_options, ConnectTimeout);
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in TopicFilters)
        {
            // Retained messages (agents' statuses) are sent at every subscribe: after a restart the hub learns who is online.
            subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce, noLocal: false, retainAsPublished: false, MqttRetainHandling.SendAtSubscribe);
        }

        _subscribeOptions = subscribe.Build();
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += ReceiveAsync;
        _client.DisconnectedAsync += OnDisconnectedAsync;
    }

    /// <summary>The filters the hub subscribes to, with the <c>$share/{group}/</c> prefix when a group is set.</summary>
    public IReadOnlyList<string> TopicFilters { get; }

    /// <summary>Connected and subscribed.</summary>
    public bool IsReady => _subscribed && _client.IsConnected;

    /// <summary>Why the last connection attempt failed (null once connected), for health and diagnostics.</summary>
    public string? LastError => _lastError;

    /// <summary>Where the hub connects, for logs and health.</summary>
    public string Endpoint => $"{_options.Host}:{_options.Port}";

    public static string SubscriptionFilter(string? sharedGroup, MessageKind kind)
    {
        var filter = $"{Topics.Prefix}+/+/+/{Topics.KindToWire(kind)}";
        return string.IsNullOrEmpty(sharedGroup) ? filter : $"$share/{sharedGroup}/{filter}";
    }

    public async Task PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_client.IsConnected)
        {
            throw new InvalidOperationException($"The hub is not connected to the broker at {Endpoint}.");
        }

        var result = await _client.PublishAsync(message, cancellationToken);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"The broker refused the message on {message.Topic}: {result.ReasonCode} {result.ReasonString}".TrimEnd());
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_client.IsConnected)
        {
            try
            {
                // A normal DISCONNECT keeps the session (its expiry was set at connect): the broker queues for the hub.
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.BrokerDisconnectFailed(_logger, Endpoint, ex.Message);
            }
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        if (_options.Tls is { Enabled: true, AllowUntrusted: true })
        {
            Log.BrokerCertificateNotChecked(_logger, Endpoint);
        }

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!_subscribed || !await _client.TryPingAsync(stoppingToken))
                {
                    await ConnectAsync(stoppingToken);
                    failures = 0;
                }

                await WaitForDisconnectAsync(PingInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = Backoff(failures, TimeSpan.FromSeconds(_options.ReconnectMaxDelaySeconds));
                _lastError = Describe(ex);
                Log.BrokerConnectFailed(_logger, Endpoint, failures, delay.TotalSeconds, _lastError);
                try
                {
                    await Task.Delay(delay, _time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    /// <summary>Exponential backoff from half a second up to <paramref name="max"/>, with "equal jitter" (half fixed, half random).</summary>
    internal static TimeSpan Backoff(int failures, TimeSpan max)
    {
        var exponential = FirstRetryDelay * Math.Pow(2, Math.Min(failures - 1, 20));
        var capped = exponential < max ? exponential : max;
        return (capped / 2) + (capped / 2 * Random.Shared.NextDouble());
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        _subscribed = false;
        if (_client.IsConnected)
        {
            // A ping failed or a subscription was refused on a connection the client still holds: drop it first.
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.UnspecifiedError).Build(), cancellationToken);
        }

        Volatile.Write(ref _disconnected, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        using var timeout = new CancellationTokenSource(ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var result = await _client.ConnectAsync(_clientOptions, linked.Token);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"the broker refused the connection: {result.ResultCode} {result.ReasonString}".TrimEnd());
        }

        var subscribed = await _client.SubscribeAsync(_subscribeOptions, linked.Token);
        foreach (var item in subscribed.Items)
        {
            if (item.ResultCode is not (MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2))
            {
                // QoS 0 would lose messages while the hub is away; a refusal means the hub's ACL is wrong.
                throw new InvalidOperationException($"the broker answered the subscription to {item.TopicFilter.Topic} with {item.ResultCode}");
            }
        }

        _subscribed = true;
        _lastError = null;
        Log.BrokerConnected(_logger, Endpoint, _options.ClientId, result.IsSessionPresent);
    }

    private async Task WaitForDisconnectAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(interval, _time, wake.Token);
        await Task.WhenAny(delay, Volatile.Read(ref _disconnected).Task);
        await wake.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        _subscribed = false;
        if (e.ClientWasConnected && !_stopping.IsCancellationRequested)
        {
            Log.BrokerDisconnected(_logger, Endpoint, e.Reason.ToString(), e.Exception?.Message ?? e.ReasonString ?? "-");
        }

        // Only wake the connection loop; reconnecting from this handler would race with it.
        Volatile.Read(ref _disconnected).TrySetResult();
        return Task.CompletedTask;
    }

    private async Task ReceiveAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        e.AutoAcknowledge = false;
        var message = e.ApplicationMessage;
        // The broker authenticated the publisher and applied its ACL: no agent id to check ownership against.
        if (_pipeline.Admit(agentId: null, message.Topic, message.Payload.Length, out var address, out _))
        {
            var incoming = IncomingMessage.Copy(address, message.Payload, _time.GetTimestamp());
            try
            {
                // Waits while the queue is full: this is the back-pressure on the broker.
                await _pipeline.EnqueueAsync(incoming, _stopping);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
            {
                // The hub is stopping: not queued, so not acknowledged; the broker sends it again next time.
                ArrayPool<byte>.Shared.Return(incoming.Buffer);
                return;
            }
        }

        // Refused messages are acknowledged too: sending them again would not make them valid. Not cancelled by the
        // hub stopping: the message is queued (and will be drained), so acknowledging it spares a duplicate.
        await e.AcknowledgeAsync(CancellationToken.None);
    }

    /// <summary>The messages of an exception and its inner exceptions (MQTTnet wraps the socket and TLS errors).</summary>
    private static string Describe(Exception ex)
    {
        var messages = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (!messages.Exists(m => m.Contains(e.Message, StringComparison.Ordinal)))
            {
                messages.Add(e.Message);
            }
        }

        return string.Join(" <- ", messages);
    }
}
