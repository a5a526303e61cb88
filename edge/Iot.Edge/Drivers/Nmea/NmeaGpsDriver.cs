using System.IO.Ports;
using Iot.Contracts;
using Iot.Edge.Drivers.Internal;
using Microsoft.Extensions.Logging;

namespace Iot.Edge.Drivers.Nmea;

/// <summary>
/// <c>nmea-gps</c>: a bus tracker's GNSS receiver on a serial port (NMEA 0183, usually 4800 or 9600 8N1). Publishes
/// <c>lat</c>, <c>lon</c>, <c>speed</c> (km/h) and <c>heading</c> of the newest valid fix, at most once per
/// <see cref="NmeaGpsOptions.PublishInterval"/>, stamped with the fix's own UTC time. Nothing is published while the
/// receiver has no fix.
/// </summary>
public sealed partial class NmeaGpsDriver : IDeviceDriver
{
    private readonly DriverContext _context;
    private readonly NmeaGpsOptions _options;
    private readonly ILogger _logger;
    private DateTimeOffset? _lastPublished;

    public NmeaGpsDriver(DriverContext context, NmeaGpsOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _options = options;
        _logger = context.Loggers.CreateLogger<NmeaGpsDriver>();
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
            : CommandOutcome.Refused($"nmea-gps does not support the action '{command.Action}'"));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task ReadAsync(SerialPort port, IReadingSink sink, CancellationToken cancellationToken)
    {
        var assembler = new NmeaLineAssembler();
        var tracker = new NmeaFixTracker();
        var buffer = new byte[512];
        var stream = port.BaseStream;
        while (!cancellationToken.IsCancellationRequested)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            var rejectedBefore = tracker.Rejected;
            assembler.Feed(buffer.AsSpan(0, read), line =>
            {
                if (tracker.Accept(line) is { } fix)
                {
                    Offer(fix, sink);
                }
            });
            if (tracker.Rejected != rejectedBefore)
            {
                LogRejected(_logger, _context.DeviceId, tracker.Rejected);
            }
        }
    }

    /// <summary>Publishes <paramref name="fix"/> when the interval since the last publication has passed.</summary>
    internal void Offer(NmeaFix fix, IReadingSink sink)
    {
        var now = _context.Time.GetUtcNow();
        if (_lastPublished is { } last && now - last < _options.PublishInterval)
        {
            return;
        }

        _lastPublished = now;
        var metrics = new List<MetricReading>(4)
        {
            new("lat", MetricValue.FromNumber(fix.Latitude)),
            new("lon", MetricValue.FromNumber(fix.Longitude)),
        };
        if (fix.SpeedKmh is { } speed)
        {
            metrics.Add(new("speed", MetricValue.FromNumber(Math.Round(speed, 2))));
        }

        if (fix.HeadingDegrees is { } heading)
        {
            metrics.Add(new("heading", MetricValue.FromNumber(Math.Round(heading, 1))));
        }

        sink.Telemetry(_context.DeviceId, fix.Time.ToUnixTimeMilliseconds(), metrics);
    }

    [LoggerMessage(EventId = 4510, Level = LogLevel.Debug, Message = "Device {DeviceId}: NMEA sentence refused (bad checksum or malformed); {Total} so far")]
    private static partial void LogRejected(ILogger logger, string deviceId, int total);
}

/// <summary>Settings of <c>nmea-gps</c>: <c>PublishInterval</c> (hh:mm:ss, default 00:00:05, 1 s to 1 h).</summary>
public sealed record NmeaGpsOptions(TimeSpan PublishInterval);
