using System.Globalization;

namespace Iot.Edge.Drivers.Lamps;

/// <summary>
/// Encodes and decodes CLP/1, the cabinet lamp protocol described in <c>PROTOCOL.md</c> beside this file: ASCII lines
/// <c>body*HH\r\n</c> with an NMEA-style XOR checksum; requests <c>@tag VERB args</c>, replies <c>=tag …</c>. Pure.
/// </summary>
public static class LampProtocol
{
    /// <summary>The address that means every lamp of the cabinet.</summary>
    public const string AllLamps = "*";

    public static string Frame(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return string.Create(CultureInfo.InvariantCulture, $"{body}*{Checksum(body):X2}\r\n");
    }

    public static byte Checksum(ReadOnlySpan<char> body)
    {
        byte sum = 0;
        foreach (var c in body)
        {
            sum ^= (byte)c;
        }

        return sum;
    }

    /// <summary>Checks the frame's checksum and returns its body; false for a garbled line.</summary>
    public static bool TryUnframe(ReadOnlySpan<char> line, out string body)
    {
        body = "";
        line = line.Trim("\r\n");
        var star = line.LastIndexOf('*');
        if (star < 1 || star != line.Length - 3)
        {
            return false;
        }

        foreach (var c in line[..star])
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        if (!byte.TryParse(line[(star + 1)..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var expected)
            || Checksum(line[..star]) != expected)
        {
            return false;
        }

        body = line[..star].ToString();
        return true;
    }

    public static string CabinetQuery(int tag) => Frame(Invariant($"@{tag} CAB?"));

    public static string LampQuery(int tag, int address) => Frame(Invariant($"@{tag} LMP? {address}"));

    public static string Switch(int tag, string address, bool on) => Frame(Invariant($"@{tag} SW {address} {(on ? "ON" : "OFF")}"));

    public static string Dim(int tag, string address, int percent) => Frame(Invariant($"@{tag} DIM {address} {percent}"));

    public static string FormatCabinet(int tag, CabinetState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Frame(Invariant($"={tag} CAB V={state.SupplyVoltage:0.0} P={state.ActivePower:0.0} E={state.EnergyKwh:0.000} DOOR={(state.DoorOpen ? 1 : 0)} MODE={state.Mode}"));
    }

    public static string FormatLamp(int tag, LampState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Frame(Invariant($"={tag} LMP {state.Address} ON={(state.On ? 1 : 0)} DIM={state.DimPercent} P={state.Power:0.0} V={state.Voltage:0.0} I={state.Current:0.000} F={(int)state.Faults:X2}"));
    }

    /// <summary>Splits a reply body <c>=tag WORD …</c>; false when it is not a reply.</summary>
    public static bool TryParseReply(string body, out int tag, out string[] words)
    {
        ArgumentNullException.ThrowIfNull(body);
        tag = 0;
        words = [];
        if (body.Length < 3 || body[0] != '=')
        {
            return false;
        }

        var parts = body[1..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out tag))
        {
            return false;
        }

        words = parts[1..];
        return true;
    }

    /// <summary>Reads <c>CAB V=… P=… E=… DOOR=0|1 MODE=A|M|S</c>.</summary>
    public static CabinetState? ParseCabinet(string[] words)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (words is not ["CAB", ..])
        {
            return null;
        }

        var f = Fields(words.AsSpan(1));
        return f is { Count: 5 }
            && TryNumber(f, "V", out var v) && TryNumber(f, "P", out var p) && TryNumber(f, "E", out var e)
            && f.TryGetValue("DOOR", out var door) && door is "0" or "1"
            && f.TryGetValue("MODE", out var mode) && mode is "A" or "M" or "S"
            ? new CabinetState(v, p, e, door == "1", mode[0])
            : null;
    }

    /// <summary>Reads <c>LMP addr ON=0|1 DIM=0..100 P=… V=… I=… F=hh</c>.</summary>
    public static LampState? ParseLamp(string[] words)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (words.Length < 2 || words[0] != "LMP" || !int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var address))
        {
            return null;
        }

        var f = Fields(words.AsSpan(2));
        return f is { Count: 6 }
            && f.TryGetValue("ON", out var on) && on is "0" or "1"
            && f.TryGetValue("DIM", out var dimText) && int.TryParse(dimText, NumberStyles.None, CultureInfo.InvariantCulture, out var dim) && dim <= 100
            && TryNumber(f, "P", out var p) && TryNumber(f, "V", out var v) && TryNumber(f, "I", out var i)
            && f.TryGetValue("F", out var flags) && byte.TryParse(flags, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var faults)
            ? new LampState(address, on == "1", dim, p, v, i, (LampFaults)faults)
            : null;
    }

    private static Dictionary<string, string>? Fields(ReadOnlySpan<string> words)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !fields.TryAdd(word[..eq], word[(eq + 1)..]))
            {
                return null;
            }
        }

        return fields;
    }

    private static bool TryNumber(Dictionary<string, string> fields, string key, out double value)
    {
        value = 0;
        return fields.TryGetValue(key, out var text)
            && double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A cabinet's report: supply voltage (V), active power (W), energy meter (kWh), door, mode (A, M or S).</summary>
public sealed record CabinetState(double SupplyVoltage, double ActivePower, double EnergyKwh, bool DoorOpen, char Mode);

/// <summary>A lamp's report at its address (0–63): switched on, dim level (%), power (W), voltage (V), current (A), faults.</summary>
public sealed record LampState(int Address, bool On, int DimPercent, double Power, double Voltage, double Current, LampFaults Faults);

/// <summary>Fault flags of a lamp (the <c>F=</c> field, two hex digits).</summary>
[Flags]
public enum LampFaults
{
    None = 0,

    /// <summary>Lamp or LED module failed: no current although switched on (open circuit).</summary>
    Lamp = 0x01,

    /// <summary>Lantern damaged: tilt or housing sensor tripped.</summary>
    Lantern = 0x02,

    /// <summary>Column problem: earth leakage on the column's feeder.</summary>
    Column = 0x04,
}
