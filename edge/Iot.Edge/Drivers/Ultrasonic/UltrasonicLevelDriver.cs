using System.IO.Ports;
using Iot.Contracts;
using Iot.Edge.Drivers.Internal;
using Microsoft.Extensions.Logging;

namespace Iot.Edge.Drivers.Ultrasonic;

/// <summary>
/// <c>ultrasonic-level</c>: a MaxBotix-style range sensor in a bin lid (<c>Rnnnn\r</c>, mm, 9600 8N1). Every range goes
/// through a <see cref="MedianFilter"/>; once the window is full, the filtered <c>fillingLevel</c> (see
/// <see cref="FillLevel"/>) is published at most once per <see cref="UltrasonicLevelOptions.PublishInterval"/>.
/// </summary>
public sealed partial class UltrasonicLevelDriver : IDeviceDriver
{
    private readonly DriverContext _context;
    private readonly UltrasonicLevelOptions _options;
    private readonly ILogger _logger;
    private DateTimeOffset? _lastPublished;

    public UltrasonicLevelDriver(DriverContext context, UltrasonicLevelOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _options = options;
        _logger = context.Loggers.CreateLogger<UltrasonicLevelDriver>();
        Devices = [new DriverDevice(context.DeviceId, context.Service)];
    }

    public IReadOnlyList<DriverDevice> Devices { get; }

    public Task RunAsync(IReadingSink sink, CancellationToken cancellationToken) =>
        SerialReadLoop.RunAsync(_context.Serial, _context.DeviceId, _context.Time, _logger, (port, ct) => ReadAsync(port, sink, ct), cancellationToken);

    public Task<CommandOutcome> ExecuteAsync(string deviceId, CommandPayload command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Task.FromResult(command.Action == "ping"
            ? CommandOutcome.Success
            : CommandOutcome.Refused($"ultrasonic-level does not support the action '{command.Action}'"));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task ReadAsync(SerialPort port, IReadingSink sink, CancellationToken cancellationToken)
    {
        // A reopened port starts a fresh window: samples from before an outage say nothing about now.
        var filter = new MedianFilter(_options.MedianWindow);
        var reader = new MaxBotixFrameReader();
        var buffer = new byte[256];
        var stream = port.BaseStream;
        while (!cancellationToken.IsCancellationRequested)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            reader.Feed(buffer.AsSpan(0, read), range => OnRange(range, filter, sink));
        }
    }

    private void OnRange(int rangeMm, MedianFilter filter, IReadingSink sink)
    {
        var median = filter.Add(rangeMm);
        if (!filter.IsFull)
        {
            return;
        }

        var now = _context.Time.GetUtcNow();
        if (_lastPublished is { } last && now - last < _options.PublishInterval)
        {
            return;
        }

        _lastPublished = now;
        var level = FillLevel.FromRange(median / 1000.0, _options.BinHeight, _options.SensorOffset);
        LogLevelMeasured(_logger, _context.DeviceId, median, level);
        sink.Telemetry(_context.DeviceId, now.ToUnixTimeMilliseconds(), [new MetricReading("fillingLevel", MetricValue.FromNumber(Math.Round(level, 4)))]);
    }

    [LoggerMessage(EventId = 4520, Level = LogLevel.Debug, Message = "Device {DeviceId}: median range {RangeMm} mm, fill level {Level}")]
    private static partial void LogLevelMeasured(ILogger logger, string deviceId, int rangeMm, double level);
}
