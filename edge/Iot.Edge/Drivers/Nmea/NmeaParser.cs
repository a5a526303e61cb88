using System.Globalization;

namespace Iot.Edge.Drivers.Nmea;

/// <summary>
/// Parses one NMEA 0183 sentence (<c>$TTSSS,…*hh</c>, without the line ending). Pure: no I/O, no clock.
/// RMC and GGA are understood from any talker (GP, GN, GL, GA, BD, GB, QZ…); other sentences are reported as
/// <see cref="NmeaParseStatus.Unsupported"/>. The checksum (XOR of the characters between <c>$</c> and <c>*</c>) is
/// required and verified: a sentence without one is refused, because RMC and GGA have carried one since NMEA 0183 v2.
/// </summary>
public static class NmeaParser
{
    public static NmeaParseStatus TryParse(ReadOnlySpan<char> line, out NmeaSentence? sentence)
    {
        sentence = null;
        line = line.TrimEnd("\r\n");
        if (line.Length < 7 || line[0] != '$')
        {
            return NmeaParseStatus.Malformed;
        }

        var star = line.LastIndexOf('*');
        if (star < 0 || star != line.Length - 3)
        {
            return NmeaParseStatus.MissingChecksum;
        }

        var body = line[1..star];
        if (!byte.TryParse(line[(star + 1)..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var expected))
        {
            return NmeaParseStatus.BadChecksum;
        }

        byte actual = 0;
        foreach (var c in body)
        {
            if (c is < ' ' or > '~')
            {
                return NmeaParseStatus.Malformed;
            }

            actual ^= (byte)c;
        }

        if (actual != expected)
        {
            return NmeaParseStatus.BadChecksum;
        }

        var fields = body.ToString().Split(',');
        var address = fields[0];
        if (address.Length != 5 || !address.All(char.IsAsciiLetterUpper))
        {
            return address.Length > 0 && address[0] == 'P' ? NmeaParseStatus.Unsupported : NmeaParseStatus.Malformed;
        }

        var talker = address[..2];
        try
        {
            switch (address[2..])
            {
                case "RMC":
                    sentence = ParseRmc(talker, fields);
                    return sentence is null ? NmeaParseStatus.Malformed : NmeaParseStatus.Ok;
                case "GGA":
                    sentence = ParseGga(talker, fields);
                    return sentence is null ? NmeaParseStatus.Malformed : NmeaParseStatus.Ok;
                default:
                    return NmeaParseStatus.Unsupported;
            }
        }
        catch (FormatException)
        {
            return NmeaParseStatus.Malformed;
        }
    }

    private static RmcSentence? ParseRmc(string talker, string[] f)
    {
        // $--RMC,hhmmss.ss,A,llll.ll,a,yyyyy.yy,a,x.x,x.x,ddmmyy,x.x,a[,m[,s]]
        if (f.Length < 10)
        {
            return null;
        }

        var time = ParseTime(f[1]);
        var status = f[2];
        var lat = ParseCoordinate(f[3], f[4], 90);
        var lon = ParseCoordinate(f[5], f[6], 180);
        var speed = ParseNumber(f[7]);
        var course = ParseNumber(f[8]);
        var date = ParseDate(f[9]);
        var mode = f.Length > 12 ? f[12] : "";
        if (speed < 0 || course is < 0 or >= 360.5)
        {
            return null;
        }

        var valid = status == "A" && mode != "N" && lat is not null && lon is not null && time is not null && date is not null;
        return new RmcSentence(talker, time, date, valid, lat, lon, speed, course is { } c ? c % 360 : null);
    }

    private static GgaSentence? ParseGga(string talker, string[] f)
    {
        // $--GGA,hhmmss.ss,llll.ll,a,yyyyy.yy,a,q,nn,h.h,a.a,M,g.g,M,x.x,xxxx
        if (f.Length < 10)
        {
            return null;
        }

        var time = ParseTime(f[1]);
        var lat = ParseCoordinate(f[2], f[3], 90);
        var lon = ParseCoordinate(f[4], f[5], 180);
        var quality = f[6].Length == 0 ? 0 : int.Parse(f[6], NumberStyles.None, CultureInfo.InvariantCulture);
        var satellites = f[7].Length == 0 ? (int?)null : int.Parse(f[7], NumberStyles.None, CultureInfo.InvariantCulture);
        return new GgaSentence(talker, time, quality, lat, lon, satellites, ParseNumber(f[8]), ParseNumber(f[9]));
    }

    private static double? ParseNumber(string field) =>
        field.Length == 0 ? null : double.Parse(field, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary><c>ddmm.mmmm</c> (or <c>dddmm.mmmm</c>) and a hemisphere letter to signed decimal degrees; null when either is empty.</summary>
    private static double? ParseCoordinate(string value, string hemisphere, int maxDegrees)
    {
        if (value.Length == 0 || hemisphere.Length == 0)
        {
            return null;
        }

        var raw = double.Parse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var degrees = Math.Floor(raw / 100);
        var minutes = raw - (degrees * 100);
        var result = degrees + (minutes / 60);
        if (minutes >= 60 || result > maxDegrees)
        {
            throw new FormatException("coordinate out of range");
        }

        return hemisphere switch
        {
            "N" or "E" => result,
            "S" or "W" => -result,
            _ => throw new FormatException("bad hemisphere"),
        };
    }

    private static TimeOnly? ParseTime(string field)
    {
        if (field.Length == 0)
        {
            return null;
        }

        if (field.Length < 6)
        {
            throw new FormatException("short time");
        }

        var h = int.Parse(field.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture);
        var m = int.Parse(field.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture);
        var s = double.Parse(field.AsSpan(4), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (h > 23 || m > 59 || s >= 61)
        {
            throw new FormatException("bad time");
        }

        // A leap second (60.x) is folded onto the last millisecond of the minute.
        var ticks = (long)Math.Round(Math.Min(s, 59.999) * TimeSpan.TicksPerSecond);
        return new TimeOnly(h, m).Add(TimeSpan.FromTicks(ticks));
    }

    private static DateOnly? ParseDate(string field)
    {
        if (field.Length == 0)
        {
            return null;
        }

        if (field.Length != 6)
        {
            throw new FormatException("bad date");
        }

        var d = int.Parse(field.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture);
        var m = int.Parse(field.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture);
        var y = int.Parse(field.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture);

        // Two-digit years: 80-99 are 1980-1999 (GPS time starts in 1980), 00-79 are 2000-2079.
        y += y >= 80 ? 1900 : 2000;
        if (m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            throw new FormatException("bad date");
        }

        return new DateOnly(y, m, d);
    }
}

/// <summary>What <see cref="NmeaParser.TryParse"/> made of a line.</summary>
public enum NmeaParseStatus
{
    Ok,
    Unsupported,
    Malformed,
    MissingChecksum,
    BadChecksum,
}
