using System.Diagnostics;
using System.Globalization;
using Iot.Contracts;
using Iot.Hub.Indicators;
using Iot.Hub.Indicators.Reports;
using Iot.Hub.Storage;
using Iot.Hub.Tickets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Iot.Hub.Tests.Indicators.IndicatorsHarness;

namespace Iot.Hub.Tests.Indicators;

/// <summary>The monthly report of a constructed November: a real PDF rendered by pdftoppm, and its CSV.</summary>
public sealed class ReportTests
{
    private static readonly DateOnly November = new(2026, 11, 1);

    [Fact]
    public async Task MonthlyPdf_RendersWithChartsDrawn()
    {
        await using var h = new IndicatorsHarness(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        await h.StartAsync();
        await BuildNovemberAsync(h);
        using var reports = Reports(h);

        var pdf = await reports.GetOrWriteAsync("commune", "demo", November, "pdf", rewrite: false, CancellationToken.None);
        Assert.Equal(Path.Combine(h.DataDir, "reports", "2026-11", "commune-demo.pdf"), pdf);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(pdf), 0, 5), StringComparison.Ordinal);

        var prefix = Path.Combine(h.DataDir, "page");
        using (var pdftoppm = Process.Start(new ProcessStartInfo("pdftoppm", ["-png", "-r", "72", "-f", "1", "-l", "1", pdf, prefix]) { RedirectStandardError = true })!)
        {
            var errors = await pdftoppm.StandardError.ReadToEndAsync();
            await pdftoppm.WaitForExitAsync();
            Assert.True(pdftoppm.ExitCode == 0, $"pdftoppm failed: {errors}");
        }

        var png = Directory.GetFiles(h.DataDir, "page*.png").Single();
        var image = PngImage.Read(png);
        Assert.Equal(595, image.Width); // A4 at 72 dpi

        // The charts are drawn in the accent blue; count those pixels in the chart band (below the indicator table).
        var blue = 0;
        var dark = 0;
        for (var y = 200; y < 700; y++)
        {
            for (var x = 40; x < 555; x++)
            {
                var (r, g, b) = image[x, y];
                if (b > 150 && r < 120 && g < 170)
                {
                    blue++;
                }

                if (r < 100 && g < 100 && b < 100)
                {
                    dark++;
                }
            }
        }

        Assert.True(blue > 2000, $"only {blue} chart-blue pixels in the chart area");
        Assert.True(dark > 500, $"only {dark} dark (text) pixels in the chart area");
    }

    [Fact]
    public async Task MonthlyCsv_HasTheMonthDistrictsAndDays()
    {
        await using var h = new IndicatorsHarness(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        await h.StartAsync();
        await BuildNovemberAsync(h);
        using var reports = Reports(h);

        var csv = await reports.GetOrWriteAsync("operator", "OP-WASTE", November, "csv", rewrite: false, CancellationToken.None);
        var lines = await File.ReadAllLinesAsync(csv);
        Assert.Equal("scope,id,month,section,key,indicator,name,unit,value,numerator,denominator,coverage,target", lines[0].TrimStart('\uFEFF'));
        var availability = lines.Single(l => l.StartsWith("operator,OP-WASTE,2026-11,month,2026-11,availability,", StringComparison.Ordinal)).Split(',');
        // Three bins up from the 2nd 23:00Z (the 3rd, 00:00 local) to the end of the month: 28 days × 24 h × 3 known, 5 h of it down.
        var up = double.Parse(availability[9], CultureInfo.InvariantCulture);
        var known = double.Parse(availability[10], CultureInfo.InvariantCulture);
        Assert.Equal(28 * 24 * 3, known, 6);
        Assert.Equal(5, known - up, 6);          // the 5 h fault
        Assert.Equal(0.98, double.Parse(availability[12], CultureInfo.InvariantCulture));
        Assert.Equal(30, lines.Count(l => l.Contains(",day,", StringComparison.Ordinal) && l.Contains(",availability,", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains(",district,Saint-Roch,availability,", StringComparison.Ordinal));
        Assert.Single(reports.List(), f => f.Format == "csv" && f.Id == "OP-WASTE" && f.Url == "/api/reports/operator/OP-WASTE/2026-11.csv");
    }

    private static MonthlyReports Reports(IndicatorsHarness h) => new(
        h.Indicators, Options.Create(new StorageOptions { DataDir = h.DataDir }), Options.Create(new IndicatorsOptions()), h.Time, NullLogger<MonthlyReports>.Instance);

    /// <summary>A few bins and lamps reporting through November, with faults.</summary>
    private static async Task BuildNovemberAsync(IndicatorsHarness h)
    {
        foreach (var id in (string[])["BIN-0001", "BIN-0002", "BIN-0003"])
        {
            h.Telemetry(id, Ms("2026-11-02T23:00:00Z"), ("fillingLevel", MetricValue.FromNumber(0.4)));
        }

        h.Telemetry("LAMP-001-01", Ms("2026-11-01T12:00:00Z"), ("powerState", MetricValue.FromText("on")));
        h.Telemetry("LAMP-001-02", Ms("2026-11-05T12:00:00Z"), ("powerState", MetricValue.FromText("on")));
        h.Telemetry("BIN-0002", Ms("2026-11-10T10:00:00Z"), ("fillingLevel", MetricValue.FromNumber(1.0)));
        h.Telemetry("BIN-0002", Ms("2026-11-10T16:00:00Z"), ("fillingLevel", MetricValue.FromNumber(0.1)));
        await h.TicketAsync("BIN-0001", RuleNames.BinDamaged, "medium", Ms("2026-11-12T08:00:00Z"), resolvedMs: Ms("2026-11-12T13:00:00Z"),
            acknowledgedMs: Ms("2026-11-12T09:00:00Z"), ackDueMs: Ms("2026-11-12T12:00:00Z"), repairDueMs: Ms("2026-11-15T08:00:00Z"));
        for (var day = 3; day < 28; day += 6)
        {
            var at = new DateTimeOffset(2026, 11, day, 19, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
            await h.TicketAsync("LAMP-001-01", RuleNames.LampOutAtNight, "medium", at, resolvedMs: at + (day * 900_000L),
                acknowledgedMs: at + 1_800_000, ackDueMs: at + 14_400_000, repairDueMs: at + 259_200_000);
        }

        await h.FlushAsync();
    }
}
