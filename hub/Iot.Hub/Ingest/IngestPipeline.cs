using System.Buffers;
using System.Threading.Channels;
using Iot.Contracts;
using Iot.Hub.Devices;
using Iot.Hub.Internal;
using Iot.Hub.Storage;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Ingest;

/// <summary>
/// Admission checks, a bounded queue, and the decoder loop that feeds the last-value cache and the telemetry writer.
/// The only work done on the broker's thread is <see cref="Admit"/> and a copy into the queue.
/// </summary>
public sealed class IngestPipeline : BackgroundService, IIngestPipeline
{
    private readonly Channel<IncomingMessage> _queue;
    private readonly DeviceRegistry _registry;
    private readonly LiveState _live;
    private readonly TelemetryWriter _writer;
    private readonly IngestStats _stats;
    private readonly TimeProvider _time;
    private readonly ValidationOptions _validation;
    private readonly ILogger<IngestPipeline> _logger;
    private readonly ObserverList<IIngestObserver> _observers; // listed in HubFlow

    public IngestPipeline(
        DeviceRegistry registry, LiveState live, TelemetryWriter writer, IngestStats stats, TimeProvider time,
        IOptions<IngestOptions> options, ILogger<IngestPipeline> logger, ObserverList<IIngestObserver> observers)
    {
        ArgumentNullException.ThrowIfNull(options);
        _registry = registry;
        _live = live;
        _writer = writer;
        _stats = stats;
        _time = time;
        _logger = logger;
        _observers = observers;
        _validation = options.Value.ToValidationOptions();
        _queue = Channel.CreateBounded<IncomingMessage>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        stats.QueueDepth = () => _queue.Reader.Count;
    }

    public bool Admit(string? agentId, string topic, long payloadLength, out TopicAddress address, out ValidationError error)
    {
        _stats.CountReceived();
        if (!CheckAdmission(agentId, topic, payloadLength, out address, out error))
        {
            Reject(address.DeviceId is { } id ? _registry.FindDevice(id) : null, error, topic, agentId);
            return false;
        }

        return true;
    }

    private bool CheckAdmission(string? agentId, string topic, long payloadLength, out TopicAddress address, out ValidationError error)
    {
        if (!Topics.TryParse(topic, out address, out var reason))
        {
            error = new(reason, reason == RejectReason.UnknownService ? "unknown service in topic" : "topic is not iot/v1/{commune}/{service}/{deviceId}/{kind}");
            return false;
        }

        if (address.Kind == MessageKind.Cmd)
        {
            error = new(RejectReason.NotAllowed, "only the hub publishes commands");
            return false;
        }

        if (payloadLength > _validation.MaxPayloadBytes)
        {
            error = new(RejectReason.PayloadTooLarge, $"payload is {payloadLength} bytes; the limit is {_validation.MaxPayloadBytes}");
            return false;
        }

        // An agent's own status (its birth and Last Will) is published on its own id.
        if (address.Kind == MessageKind.Status && _registry.FindAgent(address.DeviceId) is { } agent)
        {
            return CheckOwner(agentId, agent.Id, agent.Commune, address, out error);
        }

        var device = _registry.FindDevice(address.DeviceId);
        if (device is null)
        {
            error = new(RejectReason.UnknownDevice, $"device '{address.DeviceId}' is not in the registry");
            return false;
        }

        if (device.Service != address.Service)
        {
            error = new(RejectReason.ServiceMismatch, $"device '{device.Id}' is a {device.Service.ToWire()}, not a {address.Service.ToWire()}");
            return false;
        }

        return CheckOwner(agentId, device.Agent, device.Commune, address, out error);
    }

    private static bool CheckOwner(string? agentId, string owner, string commune, TopicAddress address, out ValidationError error)
    {
        if (agentId is not null && !string.Equals(agentId, owner, StringComparison.Ordinal))
        {
            error = new(RejectReason.NotOwner, $"agent '{agentId}' does not own '{address.DeviceId}'");
            return false;
        }

        if (!string.Equals(commune, address.Commune, StringComparison.Ordinal))
        {
            error = new(RejectReason.CommuneMismatch, $"'{address.DeviceId}' belongs to commune '{commune}', not '{address.Commune}'");
            return false;
        }

        error = ValidationError.None;
        return true;
    }

    public ValueTask EnqueueAsync(IncomingMessage message, CancellationToken cancellationToken) => _queue.Writer.WriteAsync(message, cancellationToken);

    public void AgentConnectionChanged(string agentId, bool connected, bool clean = true)
    {
        var now = NowMs();
        _live.Agent(agentId).ApplyConnection(connected, now);
        if (_registry.FindAgent(agentId) is not null)
        {
            Notify(agentId, observer => observer.OnAgentState(agentId, connected, clean, now));
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Drain everything queued even when stopping: those messages were acknowledged to their publishers.
        await foreach (var message in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await ProcessAsync(message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.PipelineError(_logger, message.Address.ToString(), ex);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(message.Buffer);
            }
        }

        _writer.Complete();
    }

    private async ValueTask ProcessAsync(IncomingMessage message)
    {
        var address = message.Address;
        var now = NowMs();
        var device = _registry.FindDevice(address.DeviceId);
        switch (address.Kind)
        {
            case MessageKind.Telemetry:
                if (!PayloadDecoder.TryDecodeTelemetry(message.Payload, address.Service, now, _validation, out var telemetry, out var error))
                {
                    Reject(device, error, address.ToString(), null);
                    return;
                }

                _stats.CountAccepted();
                _live.Device(address.DeviceId).Apply(telemetry!, now);
                if (device is not null)
                {
                    Notify(address.DeviceId, observer => observer.OnTelemetry(device, telemetry!, now));
                }

                await _writer.EnqueueAsync(new StoredTelemetry(address.DeviceId, telemetry!.Ts, telemetry.Seq, telemetry.Metrics, message.ReceivedTimestamp), CancellationToken.None);
                return;

            case MessageKind.Status:
                if (!PayloadDecoder.TryDecodeStatus(message.Payload, now, _validation, out var status, out error))
                {
                    Reject(device, error, address.ToString(), null);
                    return;
                }

                _stats.CountAccepted();
                if (_registry.FindAgent(address.DeviceId) is { } agent)
                {
                    if (_live.Agent(agent.Id).ApplyStatus(status!.IsOnline, status.Session, now, status.Fw))
                    {
                        // An offline status is the Last Will (abrupt) or the agent's own goodbye; both are losses of the agent.
                        Notify(agent.Id, observer => observer.OnAgentState(agent.Id, status.IsOnline, clean: status.IsOnline, now));
                    }
                }
                else
                {
                    _live.Device(address.DeviceId).ApplyStatus(status!, now);
                }

                return;

            case MessageKind.Event:
                if (!PayloadDecoder.TryDecodeEvent(message.Payload, now, _validation, out var e, out error))
                {
                    Reject(device, error, address.ToString(), null);
                    return;
                }

                _stats.CountAccepted();
                _live.Device(address.DeviceId).ApplyEvent(e!, now);
                if (device is not null)
                {
                    Notify(address.DeviceId, observer => observer.OnEvent(device, e!, now));
                }

                return;

            case MessageKind.CmdAck:
                if (!PayloadDecoder.TryDecodeCommandAck(message.Payload, now, _validation, out var ack, out error))
                {
                    Reject(device, error, address.ToString(), null);
                    return;
                }

                _stats.CountAccepted();
                _live.Device(address.DeviceId).ApplyCommandAck(ack!, now);
                if (device is not null)
                {
                    Notify(address.DeviceId, observer => observer.OnCommandAck(device, ack!, now));
                }

                return;

            default:
                Reject(device, new(RejectReason.NotAllowed, "only the hub publishes commands"), address.ToString(), null);
                return;
        }
    }

    private void Notify(string subject, Action<IIngestObserver> call)
    {
        foreach (var observer in _observers)
        {
            try
            {
                call(observer);
            }
            catch (Exception ex)
            {
                Log.ObserverError(_logger, observer.GetType().Name, subject, ex);
            }
        }
    }

    private void Reject(DeviceInfo? device, ValidationError error, string topic, string? agentId)
    {
        _stats.CountRejected(error.Reason);
        if (device is not null)
        {
            _live.Device(device.Id).Reject(error, NowMs());
        }

        Log.MessageRejected(_logger, topic, agentId ?? "-", error.Reason.ToWire(), error.Detail);
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
