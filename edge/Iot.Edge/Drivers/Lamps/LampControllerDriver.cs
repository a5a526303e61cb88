using System.IO.Ports;
using System.Text;
using System.Text.Json;
using Iot.Contracts;
using Iot.Edge.Drivers.Internal;
using Microsoft.Extensions.Logging;

namespace Iot.Edge.Drivers.Lamps;

/// <summary>
/// <c>lamp-controller</c>: a cabinet controller speaking CLP/1 (see <c>PROTOCOL.md</c>). Polls the cabinet and each lamp
/// every <see cref="LampControllerOptions.PollInterval"/>, publishes cabinet and lamp telemetry, raises
/// <c>lampFailure</c> (high) when a lamp's fault flag appears, and executes <c>switch</c> and <c>dim</c>.
/// One request is outstanding at a time; a reply that is late, garbled or carries another tag is dropped.
/// </summary>
public sealed partial class LampControllerDriver : IDeviceDriver
{
    private readonly DriverContext _context;
    private readonly LampControllerOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _exchange = new(1, 1);
    private readonly Dictionary<int, LampFaults> _knownFaults = [];
    private readonly Lock _pendingLock = new();
    private SerialPort? _port;
    private int _tag;
    private (int Tag, TaskCompletionSource<string[]> Reply)? _pending;

    public LampControllerDriver(DriverContext context, LampControllerOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        _context = context;
        _options = options;
        _logger = context.Loggers.CreateLogger<LampControllerDriver>();
        Devices = [new DriverDevice(context.DeviceId, ServiceKind.Cabinet), .. options.Lamps.Select(l => new DriverDevice(l.Id, ServiceKind.Streetlight))];
    }

    public IReadOnlyList<DriverDevice> Devices { get; }

    public Task RunAsync(IReadingSink sink, CancellationToken cancellationToken) =>
        SerialReadLoop.RunAsync(_context.Serial, _context.DeviceId, _context.Time, _logger, (port, ct) => SessionAsync(port, sink, ct), cancellationToken);

    public async Task<CommandOutcome> ExecuteAsync(string deviceId, CommandPayload command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        string address;
        if (deviceId == _context.DeviceId)
        {
            address = LampProtocol.AllLamps;
        }
        else if (_options.Lamps.FirstOrDefault(l => l.Id == deviceId) is { } lamp)
        {
            address = lamp.Address.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            return CommandOutcome.Refused($"device '{deviceId}' is not on this controller");
        }

        Func<int, string> request;
        switch (command.Action)
        {
            case "ping":
                request = LampProtocol.CabinetQuery;
                break;
            case "switch":
                if (!TryGetString(command.Args, "state", out var state) || state is not ("on" or "off"))
                {
                    return CommandOutcome.Refused("switch needs args {\"state\":\"on\"|\"off\"}");
                }

                request = tag => LampProtocol.Switch(tag, address, state == "on");
                break;
            case "dim":
                if (!TryGetNumber(command.Args, "level", out var level) || level is < 0 or > 1 || double.IsNaN(level))
                {
                    return CommandOutcome.Refused("dim needs args {\"level\":0..1}");
                }

                var percent = (int)Math.Round(level * 100, MidpointRounding.AwayFromZero);
                request = tag => LampProtocol.Dim(tag, address, percent);
                break;
            default:
                return CommandOutcome.Refused($"lamp-controller does not support the action '{command.Action}'");
        }

        var (reply, portOpen) = await RequestAsync(request, cancellationToken).ConfigureAwait(false);
        return reply switch
        {
            null when !portOpen => CommandOutcome.Refused($"the serial port {_context.Serial.Port} of the cabinet controller is not open"),
            null => CommandOutcome.Refused("the cabinet controller did not answer"),
            ["OK", ..] or ["CAB", ..] => CommandOutcome.Success,
            ["ERR", _, .. var reason] => CommandOutcome.Refused("controller refused: " + string.Join(' ', reason)),
            _ => CommandOutcome.Refused("unexpected reply from the cabinet controller: " + string.Join(' ', reply)),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _exchange.WaitAsync().ConfigureAwait(false);
        _exchange.Dispose();
    }

    private async Task SessionAsync(SerialPort port, IReadingSink sink, CancellationToken cancellationToken)
    {
        using var sessionCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _port = port;
        var reader = ReadRepliesAsync(port, sessionCts.Token);
        try
        {
            while (!cancellationToken.IsCancellationRequested && !reader.IsCompleted)
            {
                await PollAsync(sink, cancellationToken).ConfigureAwait(false);
                await Task.WhenAny(reader, Task.Delay(_options.PollInterval, _context.Time, cancellationToken)).ConfigureAwait(false);
            }
        }
        finally
        {
            _port = null;
            await sessionCts.CancelAsync().ConfigureAwait(false);
            SerialLink.Close(port);
            try
            {
                await reader.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The session ended; the outer loop decides whether to reopen.
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new IOException("the serial port stopped delivering data");
    }

    private async Task PollAsync(IReadingSink sink, CancellationToken cancellationToken)
    {
        var (cabinetReply, _) = await RequestAsync(LampProtocol.CabinetQuery, cancellationToken).ConfigureAwait(false);
        var lamps = new List<LampState>();
        foreach (var binding in _options.Lamps)
        {
            var (reply, _) = await RequestAsync(tag => LampProtocol.LampQuery(tag, binding.Address), cancellationToken).ConfigureAwait(false);
            if (reply is not null && LampProtocol.ParseLamp(reply) is { } lamp && lamp.Address == binding.Address)
            {
                lamps.Add(lamp);
                PublishLamp(binding, lamp, sink);
            }
            else
            {
                LogNoLampReply(_logger, _context.DeviceId, binding.Id, binding.Address);
            }
        }

        if (cabinetReply is not null && LampProtocol.ParseCabinet(cabinetReply) is { } cabinet)
        {
            var now = _context.Time.GetUtcNow().ToUnixTimeMilliseconds();
            sink.Telemetry(_context.DeviceId, now,
            [
                new("powerState", MetricValue.FromText(cabinet.SupplyVoltage > 0 && lamps.Any(l => l.On) ? "on" : "off")),
                new("voltage", MetricValue.FromNumber(cabinet.SupplyVoltage)),
                new("totalActivePower", MetricValue.FromNumber(cabinet.ActivePower)),
                new("energyConsumed", MetricValue.FromNumber(cabinet.EnergyKwh)),
                new("doorOpen", MetricValue.FromBool(cabinet.DoorOpen)),
                new("workingMode", MetricValue.FromText(cabinet.Mode switch { 'M' => "manual", 'S' => "semiautomatic", _ => "automatic" })),
            ]);
        }
        else
        {
            LogNoCabinetReply(_logger, _context.DeviceId);
        }
    }

    private void PublishLamp(LampBinding binding, LampState lamp, IReadingSink sink)
    {
        var now = _context.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var powerState = !lamp.On ? "off" : lamp.DimPercent < 100 ? "low" : "on";
        sink.Telemetry(binding.Id, now,
        [
            new("powerState", MetricValue.FromText(powerState)),
            new("illuminanceLevel", MetricValue.FromNumber(lamp.On ? lamp.DimPercent / 100.0 : 0)),
            new("powerConsumption", MetricValue.FromNumber(lamp.Power)),
            new("voltage", MetricValue.FromNumber(lamp.Voltage)),
            new("current", MetricValue.FromNumber(lamp.Current)),
            new("status", MetricValue.FromText(StatusOf(lamp.Faults))),
        ]);

        var before = _knownFaults.GetValueOrDefault(lamp.Address);
        var appeared = lamp.Faults & ~before;
        _knownFaults[lamp.Address] = lamp.Faults;
        if (appeared != LampFaults.None)
        {
            sink.Event(binding.Id, now, "lampFailure", "high", $"Lamp {binding.Id} (address {lamp.Address}) reports a fault: {appeared}");
        }
    }

    /// <summary>FIWARE streetlight status from the fault flags; the most specific fault wins.</summary>
    public static string StatusOf(LampFaults faults) =>
        faults.HasFlag(LampFaults.Lamp) ? "defectiveLamp"
        : faults.HasFlag(LampFaults.Lantern) ? "brokenLantern"
        : faults.HasFlag(LampFaults.Column) ? "columnIssue"
        : "ok";

    /// <summary>
    /// Sends one request and waits for its reply. Reply null: every attempt timed out, or the port is not open (then
    /// PortOpen is false: nothing was sent, or the port closed under the request).
    /// </summary>
    private async Task<(string[]? Reply, bool PortOpen)> RequestAsync(Func<int, string> build, CancellationToken cancellationToken)
    {
        await _exchange.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; attempt < _options.Attempts; attempt++)
            {
                var port = _port;
                if (port is null || !port.IsOpen)
                {
                    return (null, false);
                }

                _tag = (_tag % 999) + 1;
                var pending = new TaskCompletionSource<string[]>(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (_pendingLock)
                {
                    _pending = (_tag, pending);
                }

                try
                {
                    // The write is bounded by the reply timeout too: a line that cannot take the bytes (a controller
                    // holding off, a PTY nobody reads) is the same as no answer. No Flush: SerialStream.Flush is a
                    // tcdrain(3) that cannot be cancelled, and the write already hands the bytes to the driver.
                    var bytes = Encoding.ASCII.GetBytes(build(_tag));
                    using (var limit = new CancellationTokenSource(_options.ReplyTimeout, _context.Time))
                    using (var writeLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token))
                    {
                        try
                        {
                            await port.BaseStream.WriteAsync(bytes, writeLimit.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                        {
                            throw new TimeoutException("the request could not be written");
                        }
                    }

                    return (await pending.Task.WaitAsync(_options.ReplyTimeout, _context.Time, cancellationToken).ConfigureAwait(false), true);
                }
                catch (TimeoutException)
                {
                    LogTimeout(_logger, _context.DeviceId, _tag, attempt + 1);
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException or NullReferenceException && !cancellationToken.IsCancellationRequested)
                {
                    // The port closed under the request (System.IO.Ports' SerialStream may throw a NullReferenceException
                    // when closed concurrently, seen once in the PTY tests): no answer; the read loop reopens the port.
                    return (null, false);
                }
                finally
                {
                    lock (_pendingLock)
                    {
                        _pending = null;
                    }
                }
            }

            return (null, true);
        }
        finally
        {
            _exchange.Release();
        }
    }

    private async Task ReadRepliesAsync(SerialPort port, CancellationToken cancellationToken)
    {
        var buffer = new byte[512];
        var line = new StringBuilder();
        var stream = port.BaseStream;
        while (!cancellationToken.IsCancellationRequested)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (b == (byte)'\n')
                {
                    OnLine(line.ToString());
                    line.Clear();
                }
                else if (line.Length < 256)
                {
                    line.Append((char)b);
                }
                else
                {
                    line.Clear(); // An endless line is noise.
                }
            }
        }
    }

    private void OnLine(string line)
    {
        if (!LampProtocol.TryUnframe(line, out var body) || !LampProtocol.TryParseReply(body, out var tag, out var words))
        {
            LogGarbled(_logger, _context.DeviceId, line.Length);
            return;
        }

        lock (_pendingLock)
        {
            if (_pending is { } pending && pending.Tag == tag)
            {
                pending.Reply.TrySetResult(words);
            }
        }
    }

    private static bool TryGetString(JsonElement? args, string name, out string value)
    {
        value = "";
        if (args is { ValueKind: JsonValueKind.Object } a && a.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String)
        {
            value = p.GetString()!;
            return true;
        }

        return false;
    }

    private static bool TryGetNumber(JsonElement? args, string name, out double value)
    {
        value = 0;
        return args is { ValueKind: JsonValueKind.Object } a && a.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetDouble(out value);
    }

    [LoggerMessage(EventId = 4530, Level = LogLevel.Warning, Message = "Cabinet {DeviceId}: no valid reply from lamp {LampId} (address {Address})")]
    private static partial void LogNoLampReply(ILogger logger, string deviceId, string lampId, int address);

    [LoggerMessage(EventId = 4531, Level = LogLevel.Warning, Message = "Cabinet {DeviceId}: no valid cabinet status reply")]
    private static partial void LogNoCabinetReply(ILogger logger, string deviceId);

    [LoggerMessage(EventId = 4532, Level = LogLevel.Debug, Message = "Cabinet {DeviceId}: request {Tag} timed out (attempt {Attempt})")]
    private static partial void LogTimeout(ILogger logger, string deviceId, int tag, int attempt);

    [LoggerMessage(EventId = 4533, Level = LogLevel.Debug, Message = "Cabinet {DeviceId}: garbled line of {Length} characters dropped")]
    private static partial void LogGarbled(ILogger logger, string deviceId, int length);
}
