using System.Globalization;
using System.Text;

namespace Iot.Simulators.Serial;

/// <summary>
/// A GNSS receiver in a bus: every <see cref="GpsReceiverOptions.Period"/> of simulated time it writes an RMC and a GGA
/// sentence for the bus's position on a <see cref="BusTrack"/>, in randomly cut writes, with the faults of
/// <see cref="GpsReceiverOptions"/>. The bus leaves the first terminus at <paramref name="departure"/>.
/// </summary>
public sealed class GpsReceiverSimulator(BusTrack track, GpsReceiverOptions options, TimeProvider time, DateTimeOffset departure)
{
    private readonly Random _random = new(options.Seed);

    public BusTrack Track => track;

    public DateTimeOffset Departure => departure;

    /// <summary>Writes sentences to <paramref name="port"/> until cancelled.</summary>
    public async Task RunAsync(Stream port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(port);
        while (!cancellationToken.IsCancellationRequested)
        {
            // Fix times are cut to the centisecond that the sentence can carry, so a fix's time names its position exactly.
            var now = time.GetUtcNow();
            now = new DateTimeOffset(now.Ticks - (now.Ticks % (TimeSpan.TicksPerMillisecond * 10)), TimeSpan.Zero);
            var bytes = Encoding.ASCII.GetBytes(Epoch(now));
            var offset = 0;
            while (offset < bytes.Length)
            {
                var chunk = Math.Min(bytes.Length - offset, 1 + _random.Next(40));
                await port.WriteAsync(bytes.AsMemory(offset, chunk), cancellationToken).ConfigureAwait(false);
                offset += chunk;
            }

            await port.FlushAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(options.Period, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The sentences (and garbage) of one epoch at <paramref name="instant"/>.</summary>
    public string Epoch(DateTimeOffset instant)
    {
        var state = track.StateAt(instant - departure);
        var inTunnel = options.Tunnels.Any(t => state.Along >= t.From && state.Along <= t.To);
        var text = new StringBuilder();
        if (_random.NextDouble() < options.GarbageProbability)
        {
            var garbage = new byte[1 + _random.Next(24)];
            _random.NextBytes(garbage);
            foreach (var b in garbage)
            {
                text.Append((char)(b & 0x7F));
            }
        }

        foreach (var sentence in new[] { Rmc(instant, state, !inTunnel), Gga(instant, state, !inTunnel) })
        {
            text.Append(_random.NextDouble() < options.BadChecksumProbability ? Corrupt(sentence) : sentence);
        }

        return text.ToString();
    }

    public string Rmc(DateTimeOffset t, BusState s, bool fix)
    {
        var speedKnots = s.SpeedMps * 3.6 / 1.852;
        var body = fix
            ? Invariant($"{options.Talker}RMC,{t:HHmmss.ff},A,{Lat(s.Latitude)},{Lon(s.Longitude)},{speedKnots:0.00},{(s.SpeedMps > 0.3 ? s.Heading.ToString("0.00", CultureInfo.InvariantCulture) : "")},{t:ddMMyy},,,A")
            : Invariant($"{options.Talker}RMC,{t:HHmmss.ff},V,,,,,,,{t:ddMMyy},,,N");
        return Sentence(body);
    }

    public string Gga(DateTimeOffset t, BusState s, bool fix)
    {
        var body = fix
            ? Invariant($"{options.Talker}GGA,{t:HHmmss.ff},{Lat(s.Latitude)},{Lon(s.Longitude)},1,{8 + _random.Next(5):00},0.9,{35 + _random.NextDouble():0.0},M,47.3,M,,")
            : Invariant($"{options.Talker}GGA,{t:HHmmss.ff},,,,,0,00,99.99,,,,,,");
        return Sentence(body);
    }

    /// <summary>Frames a sentence body with its checksum and CR LF.</summary>
    public static string Sentence(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        byte sum = 0;
        foreach (var c in body)
        {
            sum ^= (byte)c;
        }

        return Invariant($"${body}*{sum:X2}\r\n");
    }

    private string Corrupt(string sentence)
    {
        var chars = sentence.ToCharArray();
        var digits = Enumerable.Range(1, chars.Length - 6).Where(i => char.IsAsciiDigit(chars[i])).ToArray();
        if (digits.Length == 0)
        {
            return sentence;
        }

        var i = digits[_random.Next(digits.Length)];
        chars[i] = (char)('0' + ((chars[i] - '0' + 1 + _random.Next(8)) % 10));
        return new string(chars);
    }

    private static string Lat(double lat)
    {
        var a = Math.Abs(lat);
        var d = Math.Floor(a);
        var m = Math.Round((a - d) * 60, 5);
        if (m >= 60)
        {
            d += 1;
            m -= 60;
        }

        return Invariant($"{d:00}{m:00.00000},{(lat >= 0 ? 'N' : 'S')}");
    }

    private static string Lon(double lon)
    {
        var a = Math.Abs(lon);
        var d = Math.Floor(a);
        var m = Math.Round((a - d) * 60, 5);
        if (m >= 60)
        {
            d += 1;
            m -= 60;
        }

        return Invariant($"{d:000}{m:00.00000},{(lon >= 0 ? 'E' : 'W')}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
