using System.Text;
using System.Text.Json;

namespace Iot.Edge.Drivers.Nmea;

/// <summary>
/// <c>Iot.Edge nmea-replay &lt;file&gt;</c>: runs a recorded NMEA log through the same assembler and tracker as the
/// <c>nmea-gps</c> driver and prints one JSON line per valid fix:
/// <c>{"time":"2024-05-01T10:00:01.000Z","lat":43.7,"lon":7.25,"speed":12.5,"heading":87.1}</c> (speed in km/h,
/// heading in degrees; null when the receiver left the field empty). Used to compare with a reference decoder.
/// </summary>
public static class NmeaReplay
{
    public static async Task<int> RunAsync(string path, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            // The full path too: `dotnet run --project` runs the program in the project's directory, not the caller's.
            var full = string.IsNullOrWhiteSpace(path) ? "" : $" ({Path.GetFullPath(path)})";
            await stderr.WriteLineAsync($"nmea-replay: no such file: {path}{full}").ConfigureAwait(false);
            return 2;
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"nmea-replay: cannot read {path}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        var assembler = new NmeaLineAssembler();
        var tracker = new NmeaFixTracker();
        var fixes = new List<NmeaFix>();
        assembler.Feed(bytes, line =>
        {
            if (tracker.Accept(line) is { } fix)
            {
                fixes.Add(fix);
            }
        });

        foreach (var fix in fixes)
        {
            ct.ThrowIfCancellationRequested();
            await stdout.WriteLineAsync(ToJson(fix)).ConfigureAwait(false);
        }

        await stdout.FlushAsync(ct).ConfigureAwait(false);
        return 0;
    }

    public static string ToJson(NmeaFix fix)
    {
        ArgumentNullException.ThrowIfNull(fix);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", fix.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteNumber("lat", Math.Round(fix.Latitude, 9));
            json.WriteNumber("lon", Math.Round(fix.Longitude, 9));
            WriteNullable(json, "speed", fix.SpeedKmh is { } s ? Math.Round(s, 3) : null);
            WriteNullable(json, "heading", fix.HeadingDegrees is { } h ? Math.Round(h, 2) : null);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
