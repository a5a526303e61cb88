using System.Text.Json;
using System.Threading.Channels;
using Iot.Contracts;
using Iot.Edge.Configuration;
using Iot.Edge.Drivers;
using Iot.Edge.Internal;
using Iot.Edge.Queue;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace Iot.Edge.Agent;

/// <summary>
/// The edge agent: runs the drivers, whose readings go through <see cref="QueueingSink"/> into the disk queue, and owns
/// the one MQTT connection loop. Per connection: a new session number (persisted first) in the Last Will and in the
/// retained birth status, a subscription to the commands of every device, and two publishing lanes over the queue —
/// the <em>live</em> lane sends what is appended from the moment of connection on, the <em>backlog</em> lane drains what
/// was queued before, in order, at <c>Queue:DrainPerSecond</c>. A message leaves the queue on its PUBACK only. Health is
/// checked with <c>TryPingAsync</c>; a lost connection is re-established with exponential backoff and jitter by this
/// loop alone (<c>DisconnectedAsync</c> only wakes it).
/// </summary>
public sealed class EdgeAgentService : BackgroundService
{
    private static readonly TimeSpan GoodbyeTimeout = TimeSpan.FromSeconds(3);

    private readonly AgentConfig _config;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly FileStream _lock;
    private readonly List<(string DeviceId, IDeviceDriver Driver)> _drivers = [];
    private readonly Dictionary<string, ServiceKind> _devices = new(StringComparer.Ordinal);
    private readonly QueueingSink _sink;
    private readonly CommandRouter _router;
    private readonly string _statusTopic;
    private readonly Channel<(string Topic, byte[] Payload)> _commands =
        Channel.CreateBounded<(string, byte[])>(new BoundedChannelOptions(1000) { SingleReader = true });
    private IMqttClient? _client;
    private TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Builds the drivers and opens the data directory. Throws <see cref="EdgeConfigException"/> naming the key of a bad device.</summary>
    public EdgeAgentService(AgentConfig config, IEnumerable<IDriverFactory> factories, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(loggers);
        _config = config;
        _time = time;
        _logger = loggers.CreateLogger<EdgeAgentService>();
        var byName = factories.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var errors = new List<string>();
        var drivers = new Dictionary<string, IDeviceDriver>(StringComparer.Ordinal);
        foreach (var device in config.Devices)
        {
            if (!byName.TryGetValue(device.Driver, out var factory))
            {
                errors.Add($"{device.Key}:Driver: unknown driver '{device.Driver}'; known: {string.Join(", ", byName.Keys.Order(StringComparer.Ordinal))}");
                continue;
            }

            try
            {
                var driver = factory.Create(new DriverContext(device.Id, device.Service, device.Serial, device.Settings, time, loggers));
                _drivers.Add((device.Id, driver));
                foreach (var spoken in driver.Devices)
                {
                    if (!_devices.TryAdd(spoken.DeviceId, spoken.Service))
                    {
                        errors.Add($"{device.Key}:Id: device '{spoken.DeviceId}' is spoken for by two drivers");
                    }

                    drivers[spoken.DeviceId] = driver;
                }
            }
            catch (EdgeConfigException ex)
            {
                errors.Add(ex.Message);
            }
        }

        if (errors.Count > 0)
        {
            throw new EdgeConfigException(string.Join(Environment.NewLine, errors));
        }

        Directory.CreateDirectory(config.DataDirectory);
        try
        {
            // An advisory lock (flock): a second agent on the same data directory would corrupt its queue.
            _lock = new FileStream(Path.Combine(config.DataDirectory, "agent.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new EdgeConfigException($"DataDirectory: '{config.DataDirectory}' is in use by another agent ({ex.Message})");
        }

        Queue = DiskQueue.Open(Path.Combine(config.DataDirectory, "queue"), config.Queue.MaxBytes, config.Queue.MaxMessages);
        if (Queue.RepairedBytes > 0)
        {
            Log.QueueRepaired(_logger, Queue.RepairedBytes);
        }

        if (Queue.CursorWasUnreadable)
        {
            Log.StateFileUnreadable(_logger, DiskQueue.CursorFileName, "the queue is sent again from its oldest segment");
        }

        Sequences = new SequenceStore(config.DataDirectory, time);
        if (Sequences.WasUnreadable)
        {
            Log.StateFileUnreadable(_logger, SequenceStore.FileName, "seq and session restart from the clock");
        }

        _sink = new QueueingSink(Queue, Sequences, config.Commune, _devices, time, config.Queue.FsyncInterval == TimeSpan.Zero, _logger);
        _router = new CommandRouter(drivers, time, config.Broker.CommandTimeout, _logger);
        _statusTopic = BrokerConnection.StatusTopic(config, _devices);
    }

    public DiskQueue Queue { get; }

    public SequenceStore Sequences { get; }

    /// <summary>True while a connection is up (after the birth status and subscriptions).</summary>
    public bool IsConnected => Volatile.Read(ref _client) is { IsConnected: true };

    /// <summary>The devices the drivers speak for, with their service.</summary>
    public IReadOnlyDictionary<string, ServiceKind> Devices => _devices;

    public string StatusTopic => _statusTopic;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        Log.Started(_logger, _config.AgentId, _devices.Count, Queue.Count);
        var workers = _drivers.Select(d => RunDriverAsync(d.DeviceId, d.Driver, stoppingToken))
            .Append(FlushLoopAsync(stoppingToken))
            .Append(CommandLoopAsync(stoppingToken))
            .ToList();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            IMqttClient? client = null;
            string reason;
            try
            {
                client = await ConnectAsync(stoppingToken);
                failures = 0;
                reason = await RunConnectionAsync(client, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                await GoodbyeAsync(client);
                client?.Dispose();
                break;
            }
#pragma warning disable CA1031 // Any failure of a connection ends in a reconnect, never in a dead agent.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                reason = Describe(ex);
            }

            Volatile.Write(ref _client, null);
            client?.Dispose();
            failures++;
            var delay = Backoff(failures, _config.Broker.ReconnectMin, _config.Broker.ReconnectMax, Random.Shared.NextDouble());
            Log.ConnectionLost(_logger, _config.AgentId, _config.Broker.Host, _config.Broker.Port, reason, (long)delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Volatile.Write(ref _client, null);
        _commands.Writer.TryComplete();
        await Task.WhenAll(workers);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var (_, driver) in _drivers)
        {
            await driver.DisposeAsync();
        }

        Queue.Flush();
    }

    public override void Dispose()
    {
        Queue.Dispose();
        _lock.Dispose();
        base.Dispose();
    }

    /// <summary>
    /// Exponential backoff from <paramref name="min"/> doubling per failure up to <paramref name="max"/>, with "equal
    /// jitter": half of the delay is fixed, half is random (<paramref name="random"/> in 0..1), so a fleet that lost its
    /// broker at once does not come back at once.
    /// </summary>
    public static TimeSpan Backoff(int failures, TimeSpan min, TimeSpan max, double random)
    {
        var exponential = min * Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        var capped = exponential < max ? exponential : max;
        return (capped / 2) + (capped / 2 * random);
    }

    private async Task<IMqttClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var session = Sequences.NextSession();
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var options = BrokerConnection.Options(_config, _statusTopic, BrokerConnection.Status(_config, StatusPayload.Offline, session, now));
        var client = new MqttClientFactory().CreateMqttClient();
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _disconnected, disconnected);
        client.DisconnectedAsync += _ =>
        {
            // Only wake the connection loop; reconnecting from here would race with it.
            disconnected.TrySetResult();
            return Task.CompletedTask;
        };
        client.ApplicationMessageReceivedAsync += e =>
        {
            if (!_commands.Writer.TryWrite((e.ApplicationMessage.Topic, System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload))))
            {
                Log.BadCommand(_logger, e.ApplicationMessage.Topic, "too many commands waiting; dropped");
            }

            return Task.CompletedTask;
        };

        try
        {
            var result = await client.ConnectAsync(options, cancellationToken);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new InvalidOperationException($"the broker refused the connection: {result.ResultCode} {result.ReasonString}".TrimEnd());
            }

            await client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(_statusTopic)
                .WithPayload(BrokerConnection.Status(_config, StatusPayload.Online, session, now))
                .WithRetainFlag()
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build(), cancellationToken);
            var subscribe = new MqttClientSubscribeOptionsBuilder();
            foreach (var (deviceId, service) in _devices)
            {
                subscribe.WithTopicFilter(Topics.Format(_config.Commune, service, deviceId, MessageKind.Cmd), MqttQualityOfServiceLevel.AtLeastOnce);
            }

            var subscribed = await client.SubscribeAsync(subscribe.Build(), cancellationToken);
            foreach (var item in subscribed.Items)
            {
                if (item.ResultCode is not (MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2))
                {
                    throw new InvalidOperationException($"the broker answered the subscription to {item.TopicFilter.Topic} with {item.ResultCode}");
                }
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }

        Volatile.Write(ref _client, client);
        Log.Connected(_logger, _config.AgentId, _config.Broker.Host, _config.Broker.Port, session, Queue.Count);
        return client;
    }

    /// <summary>Runs both lanes and the health check until the connection fails; returns why.</summary>
    private async Task<string> RunConnectionAsync(IMqttClient client, CancellationToken stoppingToken)
    {
        var boundary = Queue.Tail;
        var cursor = Queue.Cursor;
        ReportDrops();
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var live = LiveLaneAsync(client, boundary, connection.Token);
        var backlog = BacklogLaneAsync(client, cursor, boundary, connection.Token);
        var pingInterval = _config.Broker.KeepAlive / 2;
        try
        {
            while (true)
            {
                using var tickCancel = CancellationTokenSource.CreateLinkedTokenSource(connection.Token);
                var tick = Task.Delay(pingInterval, _time, tickCancel.Token);
                var waits = new List<Task> { tick, live, Volatile.Read(ref _disconnected).Task };
                if (!backlog.IsCompletedSuccessfully)
                {
                    waits.Add(backlog);
                }

                var done = await Task.WhenAny(waits);
                await tickCancel.CancelAsync();
                stoppingToken.ThrowIfCancellationRequested();
                if (done == live || (done == backlog && !backlog.IsCompletedSuccessfully))
                {
                    return done.Exception is { } ex ? Describe(ex.GetBaseException()) : "a publishing lane stopped";
                }

                if (done == _disconnected.Task)
                {
                    return "disconnected by the broker or the network";
                }

                if (done == tick)
                {
                    if (!await client.TryPingAsync(stoppingToken))
                    {
                        return "ping failed";
                    }

                    // Drops can happen online too when the backlog drains slower than the queue fills up.
                    ReportDrops();
                }
            }
        }
        finally
        {
            await connection.CancelAsync();
            await Task.WhenAll(live, backlog).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task LiveLaneAsync(IMqttClient client, long from, CancellationToken cancellationToken)
    {
        var position = from;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var tail = Queue.Tail;
            if (Queue.TryTakeNext(position, tail, out var message))
            {
                await PublishAsync(client, message!, cancellationToken);
                position = message!.Position + 1;
            }
            else
            {
                position = Math.Max(position, tail);
                await Queue.WaitForAppendAsync(position, cancellationToken);
            }
        }
    }

    private async Task BacklogLaneAsync(IMqttClient client, long from, long before, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var sent = 0L;
        var position = from;
        while (Queue.TryReadNext(position, before, out _))
        {
            var due = TimeSpan.FromSeconds(sent / _config.Queue.DrainPerSecond) - _time.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, _time, cancellationToken);
            }

            // Taken only now: while the lane waits its turn, the full queue may still drop the next message.
            if (!Queue.TryTakeNext(position, before, out var message))
            {
                break;
            }

            await PublishAsync(client, message!, cancellationToken);
            sent++;
            position = message!.Position + 1;
        }
    }

    /// <summary>Publishes a message taken from the queue: acknowledged there on PUBACK, released (sent again later) otherwise.</summary>
    private async Task PublishAsync(IMqttClient client, QueuedMessage message, CancellationToken cancellationToken)
    {
        MqttClientPublishResult result;
        try
        {
            result = await client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(message.Topic)
                .WithPayload(message.Payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build(), cancellationToken);
        }
        catch
        {
            Queue.Release(message.Position);
            throw;
        }

        switch (result.ReasonCode)
        {
            case MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers:
                break;
            case MqttClientPublishReasonCode.NotAuthorized or MqttClientPublishReasonCode.TopicNameInvalid or MqttClientPublishReasonCode.PayloadFormatInvalid:
                // Sending it again would be refused again: it leaves the queue, loudly.
                Log.PublishRefused(_logger, message.Topic, result.ReasonCode.ToString());
                break;
            default:
                Queue.Release(message.Position);
                throw new InvalidOperationException($"the broker answered a publish with {result.ReasonCode}; retrying after a reconnect");
        }

        Queue.Ack(message.Position);
    }

    private void ReportDrops()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var reported = false;
        foreach (var (deviceId, count) in Queue.TakeDropCounts())
        {
            if (!_devices.ContainsKey(deviceId))
            {
                continue;
            }

            Log.Dropped(_logger, deviceId, count);
            using var data = JsonDocument.Parse("{\"dropped\":" + count.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}");
            _sink.Event(deviceId, now, "bufferOverflow", "medium",
                $"{count} message(s) dropped while offline: the agent's queue was full", data.RootElement.Clone());
            reported = true;
        }

        if (reported)
        {
            Queue.Flush();
        }
    }

    private async Task CommandLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (topic, payload) in _commands.Reader.ReadAllAsync(stoppingToken))
            {
                var ack = await _router.HandleAsync(topic, payload, stoppingToken);
                if (ack is null || !Topics.TryParse(topic, out var address, out _))
                {
                    continue;
                }

                var client = Volatile.Read(ref _client);
                if (client is not { IsConnected: true })
                {
                    Log.AckNotSent(_logger, ack.Id, "not connected");
                    continue;
                }

                try
                {
                    await client.PublishAsync(new MqttApplicationMessageBuilder()
                        .WithTopic(Topics.Format(address.Commune, address.Service, address.DeviceId, MessageKind.CmdAck))
                        .WithPayload(JsonSerializer.SerializeToUtf8Bytes(ack, WireJsonContext.Default.CommandAckPayload))
                        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                        .Build(), stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.AckNotSent(_logger, ack.Id, Describe(ex));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task FlushLoopAsync(CancellationToken stoppingToken)
    {
        var interval = _config.Queue.FsyncInterval > TimeSpan.Zero ? _config.Queue.FsyncInterval : TimeSpan.FromSeconds(1);
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Queue.Flush();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; StopAsync flushes once more.
        }
    }

    private async Task RunDriverAsync(string deviceId, IDeviceDriver driver, CancellationToken stoppingToken)
    {
        try
        {
            await driver.RunAsync(_sink, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
#pragma warning disable CA1031 // A broken driver is logged; the others and the queue keep running.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.DriverFailed(_logger, deviceId, ex);
        }
    }

    /// <summary>A clean stop: the offline status of this session (retained), then a normal DISCONNECT, so the Last Will is not sent.</summary>
    private async Task GoodbyeAsync(IMqttClient? client)
    {
        if (client is not { IsConnected: true })
        {
            return;
        }

        using var timeout = new CancellationTokenSource(GoodbyeTimeout, _time);
        try
        {
            await client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(_statusTopic)
                .WithPayload(BrokerConnection.Status(_config, StatusPayload.Offline, Sequences.Session, _time.GetUtcNow().ToUnixTimeMilliseconds()))
                .WithRetainFlag()
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build(), timeout.Token);
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.GoodbyeFailed(_logger, Describe(ex));
        }
    }

    private static string Describe(Exception ex)
    {
        var messages = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        return string.Join(" <- ", messages.Distinct());
    }
}
