using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Iot.Simulation.Mqtt;

/// <summary>
/// Plays the engine's output over MQTT with one connection per agent, as real agents do: client id and user name = the
/// agent id, its secret as password, a retained QoS 1 Last Will. Each agent has its own queue and pump, so a slow or
/// reconnecting agent holds up no other; the engine's thread only enqueues. Commands received on the agents' cmd topics
/// and connections lost without being asked go back to the engine through <see cref="CommandReceived"/> and
/// <see cref="ConnectionLost"/>.
/// </summary>
public sealed class MqttFleetSink : IFleetSink, IAsyncDisposable
{
    private readonly MqttFleetSinkOptions _options;
    private readonly FleetStats _stats;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, AgentLink> _links = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _connectSlots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly MqttClientFactory _factory = new();

    public MqttFleetSink(MqttFleetSinkOptions options, FleetStats stats, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _stats = stats;
        _logger = logger;
        _connectSlots = new SemaphoreSlim(options.MaxConcurrentConnects);
    }

    /// <summary>A message on a cmd topic: topic and payload (called on MQTT threads).</summary>
    public Action<string, byte[]>? CommandReceived { get; set; }

    /// <summary>An agent's connection dropped without the engine asking (called on MQTT threads).</summary>
    public Action<string>? ConnectionLost { get; set; }

    private string Endpoint => $"{_options.Host}:{_options.Port}";

    public void Connect(AgentConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Link(connection.AgentId).Enqueue(new Op(OpKind.Connect, connection, null, false));
    }

    public void Publish(string agentId, FleetMessage message)
    {
        var link = Link(agentId);
        if (Interlocked.Increment(ref link.Pending) > _options.MaxQueuedPerAgent)
        {
            Interlocked.Decrement(ref link.Pending);
            _stats.CountDropped();
            return;
        }

        _stats.CountQueued(1);
        if (!link.Enqueue(new Op(OpKind.Publish, null, message, false)))
        {
            _stats.CountQueued(-1);
            _stats.CountDropped(); // the run is stopping
        }
    }

    public void Disconnect(string agentId, bool clean) => Link(agentId).Enqueue(new Op(OpKind.Disconnect, null, null, clean));

    /// <summary>Waits until every queued operation is done (the goodbyes after <see cref="FleetEngine.Shutdown"/>), at most <paramref name="timeout"/>.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        foreach (var link in _links.Values)
        {
            link.Queue.Writer.TryComplete();
        }

        try
        {
            await Task.WhenAll(_links.Values.Select(l => l.Pump)).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // What is left is dropped below.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var link in _links.Values)
        {
            link.Queue.Writer.TryComplete();
        }

        try
        {
            await Task.WhenAll(_links.Values.Select(l => l.Pump)).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Pumps stuck on a dead socket; their clients are disposed below.
        }

        foreach (var link in _links.Values)
        {
            link.Close(clean: false);
        }

        _stopping.Dispose();
        _connectSlots.Dispose();
    }

    private AgentLink Link(string agentId) => _links.GetOrAdd(agentId, id =>
    {
        var link = new AgentLink(id);
        link.Pump = Task.Run(() => PumpAsync(link));
        return link;
    });

    private async Task PumpAsync(AgentLink link)
    {
        var token = _stopping.Token;
        try
        {
            await foreach (var op in link.Queue.Reader.ReadAllAsync(token))
            {
                switch (op.Kind)
                {
                    case OpKind.Connect:
                        await ConnectAsync(link, op.Connection!, token);
                        break;
                    case OpKind.Publish:
                        Interlocked.Decrement(ref link.Pending);
                        _stats.CountQueued(-1);
                        await PublishAsync(link, op.Message!, token);
                        break;
                    case OpKind.Disconnect:
                        await DisconnectAsync(link, op.Clean);
                        break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task PublishAsync(AgentLink link, FleetMessage message, CancellationToken token)
    {
        if (link.Client is not { IsConnected: true } client)
        {
            _stats.CountDropped();
            return;
        }

        try
        {
            var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(message.Topic)
                .WithPayload(message.Payload)
                .WithRetainFlag(message.Retain)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build(), token);
            if (result.IsSuccess)
            {
                _stats.CountPublished();
            }
            else
            {
                _stats.CountDropped();
            }
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or MQTTnet.Adapter.MqttConnectingFailedException)
        {
            _stats.CountDropped();
        }
    }

    private async Task ConnectAsync(AgentLink link, AgentConnection connection, CancellationToken token)
    {
        link.Close(clean: false);
        var failures = 0;
        while (!token.IsCancellationRequested)
        {
            var client = _factory.CreateMqttClient();
            var builder = new MqttClientOptionsBuilder()
                .WithTcpServer(_options.Host, _options.Port)
                .WithClientId(connection.AgentId)
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithCleanStart()
                .WithKeepAlivePeriod(_options.KeepAlive)
                .WithTimeout(_options.ConnectTimeout)
                .WithWillTopic(connection.Will.Topic)
                .WithWillPayload(connection.Will.Payload)
                .WithWillRetain(connection.Will.Retain)
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
            if (_options.Secret(connection.AgentId) is { } secret)
            {
                builder.WithCredentials(connection.AgentId, secret);
            }

            client.ApplicationMessageReceivedAsync += e =>
            {
                CommandReceived?.Invoke(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
                return Task.CompletedTask;
            };
            client.DisconnectedAsync += e =>
            {
                if (e.ClientWasConnected && link.MarkDown(client))
                {
                    _stats.AgentDown();
                    SimulationLog.ConnectionLost(_logger, link.AgentId, e.Reason.ToString());
                    ConnectionLost?.Invoke(link.AgentId);
                }

                return Task.CompletedTask;
            };

            string reason;
            await _connectSlots.WaitAsync(token);
            try
            {
                var result = await client.ConnectAsync(builder.Build(), token);
                reason = result.ResultCode.ToString();
                if (result.ResultCode == MqttClientConnectResultCode.Success)
                {
                    link.MarkUp(client);
                    _stats.AgentUp();
                    await SubscribeAsync(link, client, connection.CommandTopics, token);
                    return;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                reason = ex.Message;
            }
            finally
            {
                _connectSlots.Release();
            }

            client.Dispose();
            failures++;
            _stats.CountConnectFailure();
            var delay = TimeSpan.FromSeconds(Math.Min(_options.MaxReconnectDelay.TotalSeconds, Math.Pow(2, Math.Min(failures, 10)) / 2)
                * (0.75 + (Random.Shared.NextDouble() * 0.5)));
            if (failures == 1 || failures % 10 == 0)
            {
                SimulationLog.ConnectFailed(_logger, connection.AgentId, Endpoint, failures, delay.TotalSeconds, reason);
            }

            await Task.Delay(delay, token);
        }
    }

    private async Task SubscribeAsync(AgentLink link, IMqttClient client, IReadOnlyList<string> topics, CancellationToken token)
    {
        // One SUBSCRIBE per 100 filters: the embedded broker admits only exact cmd topics of the agent's own devices.
        for (var i = 0; i < topics.Count; i += 100)
        {
            var options = new MqttClientSubscribeOptionsBuilder();
            foreach (var topic in topics.Skip(i).Take(100))
            {
                options.WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce);
            }

            try
            {
                await client.SubscribeAsync(options.Build(), token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                SimulationLog.SubscribeFailed(_logger, link.AgentId, ex.Message);
                return;
            }
        }
    }

    private async Task DisconnectAsync(AgentLink link, bool clean)
    {
        if (link.Client is { } client && link.MarkDown(client))
        {
            _stats.AgentDown();
            if (clean)
            {
                try
                {
                    await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build());
                }
                catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
                {
                    // Already gone: the broker saw the socket close.
                }
            }
        }

        // Without a DISCONNECT packet, disposing the client just closes the socket: the broker publishes the Last Will.
        link.Close(clean);
    }

    private enum OpKind
    {
        Connect,
        Publish,
        Disconnect,
    }

    private sealed record Op(OpKind Kind, AgentConnection? Connection, FleetMessage? Message, bool Clean);

    private sealed class AgentLink(string agentId)
    {
        private readonly Lock _lock = new();
        private bool _up;

#pragma warning disable SA1401, CA1051 // a counter updated with Interlocked must be a field
        public int Pending;
#pragma warning restore SA1401, CA1051

        public string AgentId { get; } = agentId;

        public Channel<Op> Queue { get; } = Channel.CreateUnbounded<Op>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        public Task Pump { get; set; } = Task.CompletedTask;

        public IMqttClient? Client { get; private set; }

        public bool Enqueue(Op op)
        {
            if (Queue.Writer.TryWrite(op))
            {
                return true;
            }

            if (op.Kind == OpKind.Publish)
            {
                Interlocked.Decrement(ref Pending);
            }

            return false;
        }

        public void MarkUp(IMqttClient client)
        {
            lock (_lock)
            {
                Client = client;
                _up = true;
            }
        }

        /// <summary>True once per connection: the caller counts the agent down.</summary>
        public bool MarkDown(IMqttClient client)
        {
            lock (_lock)
            {
                if (!_up || !ReferenceEquals(Client, client))
                {
                    return false;
                }

                _up = false;
                return true;
            }
        }

        public void Close(bool clean)
        {
            _ = clean;
            IMqttClient? client;
            lock (_lock)
            {
                client = Client;
                Client = null;
                _up = false;
            }

            client?.Dispose();
        }
    }
}
