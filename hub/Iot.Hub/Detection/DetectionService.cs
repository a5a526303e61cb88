using System.Threading.Channels;
using Iot.City;
using Iot.Contracts;
using Iot.Hub.Devices;
using Iot.Hub.Ingest;
using Iot.Hub.Tickets;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Detection;

/// <summary>
/// The outage rules as an ingest observer: each callback only queues its message (no lock, no I/O) for one loop that
/// runs the <see cref="RuleEngine"/>; the engine's deadline timer posts to the same loop. Started with the host so
/// deadlines run from the hub's start even before the first message.
/// </summary>
public sealed class DetectionService : BackgroundService, IIngestObserver
{
    private readonly Channel<Action> _work = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly RuleEngine? _engine;
    private readonly ILogger<DetectionService> _logger;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DetectionService(
        DeviceRegistry registry, CityIndex index, IOptions<DetectionOptions> options, IProblemSink sink, TimeProvider time,
        ILogger<DetectionService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _logger = logger;
        if (!options.Value.Enabled)
        {
            DetectionLog.Disabled(logger);
            return;
        }

        _engine = new RuleEngine(registry, index, options.Value, sink, time, Post, logger);
        var startMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        Post(() => _engine.Start(startMs));
    }

    /// <summary>The largest delay seen between a deadline and its evaluation (ms).</summary>
    public long MaxDeadlineLagMs => _engine?.MaxDeadlineLagMs ?? 0;

    public void OnTelemetry(DeviceInfo device, DecodedTelemetry telemetry, long receivedMs)
    {
        if (_engine is { } engine)
        {
            Post(() => engine.OnTelemetry(device, telemetry, receivedMs));
        }
    }

    public void OnEvent(DeviceInfo device, EventPayload payload, long receivedMs)
    {
        if (_engine is { } engine)
        {
            Post(() => engine.OnEvent(device, payload, receivedMs));
        }
    }

    public void OnAgentState(string agentId, bool online, bool clean, long receivedMs)
    {
        if (_engine is { } engine)
        {
            Post(() => engine.OnAgentState(agentId, online, clean, receivedMs));
        }
    }

    /// <summary>Completes once everything posted before the call has run (tests).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() => done.TrySetResult());
        await done.Task.WaitAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _engine?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in _work.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    work();
                }
                catch (Exception ex)
                {
                    DetectionLog.WorkFailed(_logger, work.Method.Name, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: problems not yet evaluated are found again from the next start's deadlines.
        }
    }

    private void Post(Action work) => _work.Writer.TryWrite(work);
}
