using System.Globalization;
using System.Text;
using Iot.City;

namespace Iot.Simulators.Serial;

/// <summary>
/// A cabinet controller answering CLP/1 (edge/Iot.Edge/Drivers/Lamps/PROTOCOL.md) on a serial port. Implemented from
/// the protocol document, independently of the driver, as a device's firmware would be. In automatic mode the lamps
/// switch on at dusk and off at dawn (<see cref="SolarClock"/>); a command overrides them until the next change.
/// </summary>
public sealed class CabinetControllerSimulator
{
    private readonly CabinetControllerOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Lock _lock = new();
    private readonly bool[] _on;
    private readonly int[] _dim;
    private readonly HashSet<int> _dead;
    private bool? _wasDark;
    private DateTimeOffset _lastUpdate;
    private double _energyKwh;
    private bool _supplyLost;

    public CabinetControllerSimulator(CabinetControllerOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
        _random = new Random(options.Seed);
        _on = new bool[options.Lamps];
        _dim = Enumerable.Repeat(100, options.Lamps).ToArray();
        _dead = [.. options.DeadLamps];
        _lastUpdate = time.GetUtcNow();
    }

    /// <summary>Cuts (true) or restores the cabinet's mains supply.</summary>
    public void SetSupplyLost(bool lost)
    {
        lock (_lock)
        {
            Update();
            _supplyLost = lost;
        }
    }

    /// <summary>Makes the lamp at <paramref name="address"/> fail for good.</summary>
    public void KillLamp(int address)
    {
        lock (_lock)
        {
            _dead.Add(address);
        }
    }

    /// <summary>The lamp's switch state and level as the controller holds them.</summary>
    public (bool On, int DimPercent) Lamp(int address)
    {
        lock (_lock)
        {
            Update();
            return (_on[address], _dim[address]);
        }
    }

    /// <summary>Answers requests from <paramref name="port"/> until cancelled or the port closes.</summary>
    public async Task RunAsync(Stream port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(port);
        var buffer = new byte[256];
        var line = new StringBuilder();
        while (!cancellationToken.IsCancellationRequested)
        {
            var read = await port.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    line.Append((char)buffer[i]);
                    continue;
                }

                var reply = Handle(line.ToString());
                line.Clear();
                if (reply is not null)
                {
                    await port.WriteAsync(Encoding.ASCII.GetBytes(reply), cancellationToken).ConfigureAwait(false);
                    await port.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>One request line to its framed reply; null for a frame that fails its checksum (no answer).</summary>
    public string? Handle(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        line = line.TrimEnd('\r', '\n');
        var star = line.LastIndexOf('*');
        if (star < 1 || star != line.Length - 3 || line[0] != '@'
            || !byte.TryParse(line.AsSpan(star + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var sum)
            || Checksum(line.AsSpan(0, star)) != sum)
        {
            return null;
        }

        var words = line[1..star].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || !int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var tag))
        {
            return null;
        }

        string body;
        lock (_lock)
        {
            Update();
            body = Invariant($"={tag} ") + Answer(words[1], words[2..]);
        }

        var frame = Invariant($"{body}*{Checksum(body):X2}\r\n");
        if (_random.NextDouble() < _options.GarbleProbability)
        {
            frame = frame.Replace('=', '#');
        }

        return frame;
    }

    private string Answer(string verb, string[] args)
    {
        switch (verb)
        {
            case "CAB?":
                var voltage = SupplyVoltage();
                var power = Enumerable.Range(0, _options.Lamps).Sum(LampPower);
                return Invariant($"CAB V={voltage:0.0} P={power:0.0} E={_energyKwh:0.000} DOOR=0 MODE=A");
            case "LMP?" when args.Length == 1 && TryAddress(args[0], out var address) && address >= 0:
                var p = LampPower(address);
                var v = _supplyLost ? 0 : SupplyVoltage() - 0.4;
                var flags = _dead.Contains(address) || (_options.FlickeringLamps.Contains(address) && _random.Next(3) == 0) ? 1 : 0;
                var lit = _on[address] && !_supplyLost;
                return Invariant($"LMP {address} ON={(lit ? 1 : 0)} DIM={_dim[address]} P={p:0.0} V={v:0.0} I={(v > 0 ? p / (v * 0.95) : 0):0.000} F={flags:X2}");
            case "LMP?":
                return args.Length == 1 && TryAddress(args[0], out _) ? "ERR 4 no-such-lamp" : "ERR 3 bad-arguments";
            case "SW" or "DIM":
                if (args.Length != 2 || !TryAddress(args[0], out var target))
                {
                    return args.Length == 2 ? "ERR 4 no-such-lamp" : "ERR 3 bad-arguments";
                }

                int? level = verb == "SW"
                    ? args[1] switch { "ON" => 100, "OFF" => 0, _ => null }
                    : int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent) && percent <= 100 ? percent : null;
                if (level is null)
                {
                    return "ERR 3 bad-arguments";
                }

                if (_supplyLost)
                {
                    return "ERR 5 no-supply";
                }

                foreach (var a in target < 0 ? Enumerable.Range(0, _options.Lamps) : [target])
                {
                    if (verb == "SW")
                    {
                        _on[a] = level > 0;
                    }
                    else
                    {
                        _on[a] = level > 0;
                        _dim[a] = level.Value;
                    }
                }

                return "OK";
            default:
                return "ERR 2 unknown-verb";
        }
    }

    /// <summary>Parses a lamp address; -1 stands for every lamp (<c>*</c>).</summary>
    private bool TryAddress(string text, out int address)
    {
        if (text == "*")
        {
            address = -1;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out address) && address < _options.Lamps;
    }

    private double SupplyVoltage() => _supplyLost ? 0 : 229 + (_random.NextDouble() * 3);

    private double LampPower(int address) =>
        _supplyLost || !_on[address] || _dead.Contains(address) ? 0 : _options.RatedPower * _dim[address] / 100.0;

    /// <summary>Integrates energy since the last update and applies the astronomical schedule at dusk and dawn.</summary>
    private void Update()
    {
        var now = _time.GetUtcNow();
        var power = Enumerable.Range(0, _options.Lamps).Sum(LampPower);
        _energyKwh += power * Math.Max(0, (now - _lastUpdate).TotalHours) / 1000;
        _lastUpdate = now;
        var dark = SolarClock.IsDark(now, _options.Latitude, _options.Longitude);
        if (dark != _wasDark)
        {
            _wasDark = dark;
            Array.Fill(_on, dark);
            Array.Fill(_dim, 100);
        }
    }

    private static byte Checksum(ReadOnlySpan<char> body)
    {
        byte sum = 0;
        foreach (var c in body)
        {
            sum ^= (byte)c;
        }

        return sum;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
