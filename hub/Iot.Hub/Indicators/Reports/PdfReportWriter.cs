using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Iot.Hub.Indicators.Reports;

/// <summary>
/// The PDF of a monthly report (PDFsharp, A4): header, the indicator table with targets and coverage, a line chart
/// of daily availability and a bar chart of the ratio indicators against their targets (vector graphics), and the
/// table by district. Arabic text is drawn without shaping (PDFsharp has none): use fr or en for printed reports.
/// </summary>
internal static class PdfReportWriter
{
    private const double Margin = 40;
    private static readonly XColor Ink = XColor.FromArgb(33, 33, 33);
    private static readonly XColor Accent = XColor.FromArgb(25, 118, 210);
    private static readonly XColor TargetColor = XColor.FromArgb(211, 47, 47);
    private static readonly XColor Grid = XColor.FromArgb(200, 200, 200);

    public static void Write(MonthlyReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        var texts = ReportTexts.For(report.Language);
        var culture = CultureInfo.GetCultureInfo(report.Language);
        using var document = new PdfDocument();
        document.Info.Title = $"{texts["title"]} — {report.Name} — {report.Month}";
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        using var gfx = XGraphics.FromPdfPage(page);
        var title = new XFont(ReportFonts.Family, 16, XFontStyleEx.Bold);
        var heading = new XFont(ReportFonts.Family, 11, XFontStyleEx.Bold);
        var body = new XFont(ReportFonts.Family, 8.5, XFontStyleEx.Regular);
        var ink = new XSolidBrush(Ink);
        var width = page.Width.Point - (2 * Margin);
        var y = Margin;

        gfx.DrawString(texts["title"], title, ink, new XPoint(Margin, y + 14));
        y += 26;
        var who = texts[report.Scope == "operator" ? "operator" : "commune"];
        gfx.DrawString($"{who}: {report.Name}    {texts["period"]}: {report.Month}    {texts["generated"]}: {report.GeneratedAt:yyyy-MM-dd HH:mm} UTC", body, ink, new XPoint(Margin, y + 8));
        if (report.Scope == "operator")
        {
            y += 12;
            gfx.DrawString($"{texts["commune"]}: {report.CommuneName}", body, ink, new XPoint(Margin, y + 8));
        }

        y += 20;
        y = IndicatorTable(gfx, report.Total, texts, culture, heading, body, ink, y, width);
        y += 10;
        gfx.DrawString(texts["dailyAvailability"], heading, ink, new XPoint(Margin, y + 10));
        y += 16;
        LineChart(gfx, report.Days, body, ink, new XRect(Margin, y, width, 150));
        y += 165;
        gfx.DrawString(texts["againstTarget"], heading, ink, new XPoint(Margin, y + 10));
        y += 16;
        BarChart(gfx, report.Total, texts, body, ink, new XRect(Margin, y, width, 130));
        y += 145;
        if (report.Districts.Count > 0 && y < page.Height.Point - 120)
        {
            gfx.DrawString(texts["byDistrict"], heading, ink, new XPoint(Margin, y + 10));
            y += 18;
            DistrictTable(gfx, report.Districts, texts, culture, body, ink, y, width, page.Height.Point - Margin);
        }

        document.Save(output, closeStream: false);
    }

    private static double IndicatorTable(
        XGraphics gfx, IndicatorPeriod period, IReadOnlyDictionary<string, string> texts, CultureInfo culture, XFont heading, XFont body, XBrush ink, double y, double width)
    {
        double[] columns = [0, 0.38, 0.52, 0.64, 0.88];
        string[] headers = [texts["indicator"], texts["value"], texts["target"], texts["basis"], texts["coverage"]];
        for (var i = 0; i < headers.Length; i++)
        {
            gfx.DrawString(headers[i], heading, ink, new XPoint(Margin + (columns[i] * width), y + 10));
        }

        y += 14;
        var pen = new XPen(Grid, 0.5);
        gfx.DrawLine(pen, Margin, y, Margin + width, y);
        foreach (var value in period.Indicators)
        {
            y += 12;
            string[] cells =
            [
                texts.GetValueOrDefault(value.Id, value.Name),
                Format(value.Value, value.Unit, culture) ?? texts["noData"],
                Format(value.Target, value.Unit, culture) ?? "—",
                string.Create(culture, $"{value.Numerator:0.##} / {value.Denominator:0.##}"),
                value.Coverage.ToString("P0", culture),
            ];
            for (var i = 0; i < cells.Length; i++)
            {
                gfx.DrawString(cells[i], body, ink, new XPoint(Margin + (columns[i] * width), y));
            }
        }

        return y + 6;
    }

    private static void LineChart(XGraphics gfx, IReadOnlyList<IndicatorPeriod> days, XFont body, XBrush ink, XRect area)
    {
        var pen = new XPen(Grid, 0.5);
        var plot = new XRect(area.X + 30, area.Y, area.Width - 30, area.Height - 14);
        gfx.DrawRectangle(pen, plot);
        for (var level = 0; level <= 4; level++)
        {
            var yy = plot.Bottom - (level * plot.Height / 4);
            gfx.DrawLine(pen, plot.Left, yy, plot.Right, yy);
            gfx.DrawString((level * 25).ToString(CultureInfo.InvariantCulture) + " %", body, ink, new XPoint(area.X, yy + 3));
        }

        if (days.Count == 0)
        {
            return;
        }

        var step = plot.Width / Math.Max(1, days.Count - 1);
        var points = new List<XPoint>();
        var line = new XPen(Accent, 1.6);
        for (var i = 0; i < days.Count; i++)
        {
            var x = plot.Left + (i * step);
            if (i % 5 == 0 || i == days.Count - 1)
            {
                gfx.DrawString(days[i].Label[^2..], body, ink, new XPoint(x - 4, plot.Bottom + 11));
            }

            var value = days[i].Indicators.FirstOrDefault(v => v.Id == "availability")?.Value;
            if (value is { } v)
            {
                var point = new XPoint(x, plot.Bottom - (v * plot.Height));
                points.Add(point);
                gfx.DrawEllipse(new XSolidBrush(Accent), point.X - 1.8, point.Y - 1.8, 3.6, 3.6);
            }
            else if (points.Count > 0)
            {
                Flush();
            }
        }

        Flush();

        void Flush()
        {
            if (points.Count > 1)
            {
                gfx.DrawLines(line, [.. points]);
            }

            points.Clear();
        }
    }

    private static void BarChart(XGraphics gfx, IndicatorPeriod period, IReadOnlyDictionary<string, string> texts, XFont body, XBrush ink, XRect area)
    {
        var ratios = period.Indicators.Where(v => v.Unit == "ratio").ToList();
        var pen = new XPen(Grid, 0.5);
        var plot = new XRect(area.X + 30, area.Y, area.Width - 30, area.Height - 24);
        gfx.DrawRectangle(pen, plot);
        for (var level = 0; level <= 4; level++)
        {
            var yy = plot.Bottom - (level * plot.Height / 4);
            gfx.DrawLine(pen, plot.Left, yy, plot.Right, yy);
            gfx.DrawString((level * 25).ToString(CultureInfo.InvariantCulture) + " %", body, ink, new XPoint(area.X, yy + 3));
        }

        if (ratios.Count == 0)
        {
            return;
        }

        var slot = plot.Width / ratios.Count;
        var bar = new XSolidBrush(Accent);
        var target = new XPen(TargetColor, 1.5);
        for (var i = 0; i < ratios.Count; i++)
        {
            var x = plot.Left + (i * slot) + (slot * 0.2);
            var w = slot * 0.6;
            if (ratios[i].Value is { } v)
            {
                var h = Math.Clamp(v, 0, 1) * plot.Height;
                gfx.DrawRectangle(bar, x, plot.Bottom - h, w, h);
            }

            if (ratios[i].Target is { } t)
            {
                var ty = plot.Bottom - (Math.Clamp(t, 0, 1) * plot.Height);
                gfx.DrawLine(target, x - 3, ty, x + w + 3, ty);
            }

            var label = texts.GetValueOrDefault(ratios[i].Id, ratios[i].Name);
            gfx.DrawString(label.Length > 22 ? label[..21] + "…" : label, body, ink, new XRect(plot.Left + (i * slot), plot.Bottom + 4, slot, 12), XStringFormats.TopCenter);
        }
    }

    private static void DistrictTable(
        XGraphics gfx, IReadOnlyList<(string DistrictName, IndicatorPeriod Period)> districts, IReadOnlyDictionary<string, string> texts,
        CultureInfo culture, XFont body, XBrush ink, double y, double width, double bottom)
    {
        string[] ids = ["availability", "fault_rate", "mttr", "repair_within_sla"];
        gfx.DrawString(texts["district"], body, ink, new XPoint(Margin, y));
        for (var i = 0; i < ids.Length; i++)
        {
            gfx.DrawString(texts[ids[i]], body, ink, new XPoint(Margin + ((0.25 + (i * 0.19)) * width), y));
        }

        foreach (var (name, period) in districts)
        {
            y += 12;
            if (y > bottom)
            {
                return;
            }

            gfx.DrawString(name, body, ink, new XPoint(Margin, y));
            for (var i = 0; i < ids.Length; i++)
            {
                var value = period.Indicators.FirstOrDefault(v => v.Id == ids[i]);
                gfx.DrawString(value is null ? "—" : Format(value.Value, value.Unit, culture) ?? texts["noData"], body, ink, new XPoint(Margin + ((0.25 + (i * 0.19)) * width), y));
            }
        }
    }

    internal static string? Format(double? value, string unit, CultureInfo culture) => value switch
    {
        null => null,
        { } v when unit == "ratio" => v.ToString("P1", culture),
        { } v when unit == "count" => v.ToString("0", culture),
        { } v => v.ToString("0.##", culture),
    };
}
