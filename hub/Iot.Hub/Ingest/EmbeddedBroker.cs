using System.Net;
using Iot.Contracts;
using Iot.Hub.Agents;
using Iot.Hub.Devices;
using Iot.Hub.Internal;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Iot.Hub.Ingest;

/// <summary>
/// The embedded MQTTnet broker (<c>Mqtt:Mode=Embedded</c>). Agents authenticate with client id = agent id and their
/// secret as password. Their publishes are consumed in <c>InterceptingPublishAsync</c> with
/// <c>ProcessPublish = false</c> and only queued there: the queue's back-pressure holds the client's read loop,
/// so the PUBACK of a QoS 1 message is sent only once the message is safely queued. Status messages are also routed
/// (they are retained). Agents may subscribe only to their own devices' <c>cmd</c> topics. Other accounts
/// (<see cref="IMqttSubscriberAccounts"/>: operators reading their alerts) may only subscribe, to what they own.
/// </summary>
public sealed class EmbeddedBroker : IHostedService, IMqttPublisher, IAsyncDisposable
{
    /// <summary>Client id the hub uses for messages it injects (commands).</summary>
    public const string HubClientId = "$hub";

    private readonly IIngestPipeline _pipeline;
    private readonly AgentCredentialStore _credentials;
    private readonly DeviceRegistry _registry;
    private readonly TimeProvider _time;
    private readonly MqttOptions _options;
    private readonly ILogger<EmbeddedBroker> _logger;
    private readonly IMqttSubscriberAccounts[] _subscribers;
    private MqttServer? _server;

    public EmbeddedBroker(
        IIngestPipeline pipeline, AgentCredentialStore credentials, DeviceRegistry registry, TimeProvider time,
        IOptions<MqttOptions> options, ILogger<EmbeddedBroker> logger, IEnumerable<IMqttSubscriberAccounts> subscribers)
    {
        ArgumentNullException.ThrowIfNull(options);
        _subscribers = [.. subscribers];
        _pipeline = pipeline;
        _credentials = credentials;
        _registry = registry;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The port the broker listens on.</summary>
    public int Port => _options.Port;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Parse(_options.BindAddress))
            .WithDefaultEndpointPort(_options.Port)
            .WithMaxPendingMessagesPerClient(_options.MaxPendingMessagesPerClient)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        _server.ValidatingConnectionAsync += ValidateConnectionAsync;
        _server.InterceptingPublishAsync += InterceptPublishAsync;
        _server.InterceptingSubscriptionAsync += InterceptSubscriptionAsync;
        _server.ClientConnectedAsync += e =>
        {
            if (SubscriberAccount(e.ClientId) is not null)
            {
                return Task.CompletedTask;
            }

            Log.AgentConnected(_logger, e.ClientId);
            _pipeline.AgentConnectionChanged(e.ClientId, connected: true);
            return Task.CompletedTask;
        };
        _server.ClientDisconnectedAsync += e =>
        {
            if (SubscriberAccount(e.ClientId) is not null)
            {
                return Task.CompletedTask;
            }

            Log.AgentDisconnected(_logger, e.ClientId, e.DisconnectType.ToString());
            // A takeover means the same agent connected again: it is still online.
            if (e.DisconnectType != MqttClientDisconnectType.Takeover)
            {
                _pipeline.AgentConnectionChanged(e.ClientId, connected: false, clean: e.DisconnectType == MqttClientDisconnectType.Clean);
            }

            return Task.CompletedTask;
        };
        await _server.StartAsync();
        Log.BrokerStarted(_logger, _options.BindAddress, _options.Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(new MqttServerStopOptions());
        }
    }

    /// <summary>Publishes a message from the hub (commands) to subscribed agents.</summary>
    public Task InjectAsync(MqttApplicationMessage message, CancellationToken cancellationToken) =>
        (_server ?? throw new InvalidOperationException("The broker is not started.")).InjectApplicationMessage(
            new InjectedMqttApplicationMessage(message) { SenderClientId = HubClientId }, cancellationToken);

    Task IMqttPublisher.PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken) => InjectAsync(message, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            _server.Dispose();
            _server = null;
        }

        await Task.CompletedTask;
    }

    private async Task ValidateConnectionAsync(ValidatingConnectionEventArgs e)
    {
        var agentId = e.ClientId;
        string? refusal = null;
        if (SubscriberAccount(agentId) is { } account)
        {
            if (!account.Verify(agentId, e.UserName, e.RawPassword ?? []))
            {
                e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
                Log.ConnectRefused(_logger, agentId, "wrong or missing password of a subscriber account");
            }

            return;
        }

        if (string.IsNullOrEmpty(agentId) || _registry.FindAgent(agentId) is null)
        {
            refusal = "unknown agent";
        }
        else if (!string.IsNullOrEmpty(e.UserName) && !string.Equals(e.UserName, agentId, StringComparison.Ordinal))
        {
            refusal = "user name differs from the client id";
        }
        else if (e.RawPassword is not { Length: > 0 } password || !await _credentials.VerifyAsync(agentId, password, e.CancellationToken))
        {
            refusal = "wrong or missing secret";
        }

        if (refusal is not null)
        {
            e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
            Log.ConnectRefused(_logger, agentId ?? "(none)", refusal);
        }
    }

    private async Task InterceptPublishAsync(InterceptingPublishEventArgs e)
    {
        if (e.ClientId == HubClientId)
        {
            return;
        }

        if (SubscriberAccount(e.ClientId) is not null)
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            e.Response.ReasonString = "this account may only subscribe";
            return;
        }

        var message = e.ApplicationMessage;
        if (!_pipeline.Admit(e.ClientId, message.Topic, message.Payload.Length, out var address, out var error))
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = error.Reason is RejectReason.NotOwner or RejectReason.NotAllowed or RejectReason.CommuneMismatch
                ? MqttPubAckReasonCode.NotAuthorized
                : error.Reason is RejectReason.BadTopic or RejectReason.UnknownService
                    ? MqttPubAckReasonCode.TopicNameInvalid
                    : MqttPubAckReasonCode.ImplementationSpecificError;
            e.Response.ReasonString = error.ToString();
            return;
        }

        // Only status is routed (retained, for anyone watching an agent); everything else stops here.
        e.ProcessPublish = address.Kind == MessageKind.Status;
        var incoming = IncomingMessage.Copy(address, message.Payload, _time.GetTimestamp());
        await _pipeline.EnqueueAsync(incoming, e.CancellationToken);
    }

    private Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        var filter = e.TopicFilter.Topic;
        var allowed = SubscriberAccount(e.ClientId) is { } account
            ? account.MaySubscribe(e.ClientId, filter)
            : Topics.TryParse(filter, out var address, out _)
            && address.Kind == MessageKind.Cmd
            && _registry.FindDevice(address.DeviceId) is { } device
            && device.Agent == e.ClientId
            && device.Commune == address.Commune
            && device.Service == address.Service;
        if (!allowed)
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            Log.SubscriptionRefused(_logger, e.ClientId, filter);
        }

        return Task.CompletedTask;
    }

    private IMqttSubscriberAccounts? SubscriberAccount(string? clientId) =>
        string.IsNullOrEmpty(clientId) ? null : Array.Find(_subscribers, a => a.Owns(clientId));
}
