using System.Diagnostics;
using System.Text.Json;
using Iot.Edge.Drivers.Nmea;
using Xunit;

namespace Iot.Edge.Tests.Drivers.Nmea;

public sealed class NmeaReplayTests
{
    private static string Log(string name) => Path.Combine(AppContext.BaseDirectory, "Data", "nmea", name);

    [Fact]
    public async Task Replay_MissingFile_FailsWithAClearMessage()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await NmeaReplay.RunAsync("/nonexistent/route.nmea", stdout, stderr, TestContext.Current.CancellationToken);

        Assert.NotEqual(0, code);
        Assert.Contains("no such file: /nonexistent/route.nmea", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal("", stdout.ToString());
    }

    [Fact]
    public async Task Replay_Bu353GlonassLog_PrintsEachValidFixAndNothingAfterTheFixIsLost()
    {
        var fixes = await ReplayAsync("bu353-glonass.log");

        // Worked out by hand from $GNRMC,081411.000,A,5541.1955,N,03737.2872,E,0.60,301.29,260514,,,A*74
        var first = fixes[0];
        Assert.Equal("2014-05-26T08:14:11.000Z", first.GetProperty("time").GetString());
        Assert.Equal(55.686591667, first.GetProperty("lat").GetDouble(), 8);
        Assert.Equal(37.621453333, first.GetProperty("lon").GetDouble(), 8);
        Assert.Equal(1.111, first.GetProperty("speed").GetDouble(), 3);
        Assert.Equal(301.29, first.GetProperty("heading").GetDouble(), 2);

        // The receiver lost its fix at 08:14:20 and never regained it in this log.
        Assert.Equal(9, fixes.Count);
        Assert.All(fixes, f => Assert.True(string.CompareOrdinal(f.GetProperty("time").GetString(), "2014-05-26T08:14:20") < 0));
    }

    [Fact]
    public async Task Replay_Antaris2HzLogWithEmptyCourse_PrintsNullHeading()
    {
        var fixes = await ReplayAsync("bt451.log");

        // $GPRMC,152505.50,A,5547.82119,N,02334.14124,E,0.265,,091209,,,A*75
        var fix = fixes.Single(f => f.GetProperty("time").GetString() == "2009-12-09T15:25:05.500Z");
        Assert.Equal(55 + (47.82119 / 60), fix.GetProperty("lat").GetDouble(), 8);
        Assert.Equal(23 + (34.14124 / 60), fix.GetProperty("lon").GetDouble(), 8);
        Assert.Equal(JsonValueKind.Null, fix.GetProperty("heading").ValueKind);
    }

    [Theory]
    [InlineData("bu353-glonass.log")]
    [InlineData("beidou-bd.log")]
    [InlineData("bt451.log")]
    [InlineData("gpslim236.log")]
    public async Task Replay_AgreesWithGpsdecode(string log)
    {
        var ours = await ReplayAsync(log);
        var reference = await GpsdecodeAsync(log);

        // gpsd may move a date across a GPS week rollover (it reads 2014 as 2034 here), so fixes are paired by time of day.
        var matched = 0;
        foreach (var fix in ours)
        {
            var timeOfDay = fix.GetProperty("time").GetString()![11..];
            var tpv = reference.Where(r => r.Time.EndsWith(timeOfDay, StringComparison.Ordinal)).ToList();
            Assert.DoesNotContain(tpv, r => r.Mode < 2);
            var withPosition = tpv.Where(r => r.Lat is not null).ToList();
            if (withPosition.Count == 0)
            {
                continue;
            }

            matched++;
            Assert.All(withPosition, r => Assert.Equal(r.Lat!.Value, fix.GetProperty("lat").GetDouble(), 6));
            Assert.All(withPosition, r => Assert.Equal(r.Lon!.Value, fix.GetProperty("lon").GetDouble(), 6));

            // gpsd reports an epoch twice (after GGA, with a speed it derives from positions, then after RMC with the
            // receiver's own): one of them must carry the receiver's speed and course as we do.
            if (fix.GetProperty("speed").ValueKind == JsonValueKind.Number && withPosition.Any(r => r.SpeedMps is not null))
            {
                Assert.Contains(withPosition, r => r.SpeedMps is { } s && Math.Abs((s * 3.6) - fix.GetProperty("speed").GetDouble()) < 0.01);
            }

            if (fix.GetProperty("heading").ValueKind == JsonValueKind.Number && withPosition.Any(r => r.Track is not null))
            {
                Assert.Contains(withPosition, r => r.Track is { } t && Math.Abs(t - fix.GetProperty("heading").GetDouble()) < 0.01);
            }
        }

        Assert.True(matched >= 3, $"only {matched} of our {ours.Count} fixes had a gpsdecode position at the same time");

        // And every position gpsdecode reports at the instant of an RMC with status A is one we report too (gpsd also
        // reports GGA-only epochs, which carry no speed or course; nmea-replay reports RMC fixes).
        var rmcTimes = File.ReadLines(Log(log))
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"RMC,(\d\d)(\d\d)(\d\d)(\.\d+)?,A,"))
            .Where(m => m.Success)
            .Select(m => $"{m.Groups[1].Value}:{m.Groups[2].Value}:{m.Groups[3].Value}{(m.Groups[4].Value + "000")[..4]}")
            .ToHashSet();
        foreach (var r in reference.Where(r => r.Lat is not null && r.Mode >= 2 && rmcTimes.Any(t => r.Time.Contains(t, StringComparison.Ordinal))))
        {
            Assert.Contains(ours, f => r.Time.EndsWith(f.GetProperty("time").GetString()![11..], StringComparison.Ordinal));
        }
    }

    private static async Task<List<JsonElement>> ReplayAsync(string log)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await NmeaReplay.RunAsync(Log(log), stdout, stderr, TestContext.Current.CancellationToken);
        Assert.Equal(0, code);
        Assert.Equal("", stderr.ToString());
        return [.. stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    private static async Task<List<Tpv>> GpsdecodeAsync(string log)
    {
        var start = new ProcessStartInfo("gpsdecode") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("gpsdecode did not start (Debian package gpsd-clients)");
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.StandardInput.BaseStream.WriteAsync(await File.ReadAllBytesAsync(Log(log), TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        process.StandardInput.Close();
        var text = await output;
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        var result = new List<Tpv>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.GetProperty("class").GetString() != "TPV" || !root.TryGetProperty("time", out var time))
            {
                continue;
            }

            result.Add(new Tpv(
                time.GetString()!,
                root.GetProperty("mode").GetInt32(),
                Number(root, "lat"),
                Number(root, "lon"),
                Number(root, "speed"),
                Number(root, "track")));
        }

        Assert.NotEmpty(result);
        return result;
    }

    private static double? Number(JsonElement e, string name) => e.TryGetProperty(name, out var p) ? p.GetDouble() : null;

    private sealed record Tpv(string Time, int Mode, double? Lat, double? Lon, double? SpeedMps, double? Track);
}
