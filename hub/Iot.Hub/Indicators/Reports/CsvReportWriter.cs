using System.Globalization;
using System.Text;
using CsvHelper;

namespace Iot.Hub.Indicators.Reports;

/// <summary>
/// The CSV of a monthly report (CsvHelper, UTF-8 with BOM so spreadsheets read accents, comma separated, invariant
/// numbers): one row per indicator for the month (<c>section</c> = <c>month</c>), per district and per day.
/// </summary>
internal static class CsvReportWriter
{
    public static void Write(MonthlyReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var header in (string[])["scope", "id", "month", "section", "key", "indicator", "name", "unit", "value", "numerator", "denominator", "coverage", "target"])
        {
            csv.WriteField(header);
        }

        csv.NextRecord();
        Rows(csv, report, "month", report.Month, report.Total);
        foreach (var (district, period) in report.Districts)
        {
            Rows(csv, report, "district", district, period);
        }

        foreach (var day in report.Days)
        {
            Rows(csv, report, "day", day.Label, day);
        }
    }

    private static void Rows(CsvWriter csv, MonthlyReport report, string section, string key, IndicatorPeriod period)
    {
        foreach (var value in period.Indicators)
        {
            csv.WriteField(report.Scope);
            csv.WriteField(report.Id);
            csv.WriteField(report.Month);
            csv.WriteField(section);
            csv.WriteField(key);
            csv.WriteField(value.Id);
            csv.WriteField(value.Name);
            csv.WriteField(value.Unit);
            csv.WriteField(value.Value?.ToString("0.######", CultureInfo.InvariantCulture) ?? string.Empty);
            csv.WriteField(value.Numerator.ToString("0.######", CultureInfo.InvariantCulture));
            csv.WriteField(value.Denominator.ToString("0.######", CultureInfo.InvariantCulture));
            csv.WriteField(value.Coverage.ToString("0.####", CultureInfo.InvariantCulture));
            csv.WriteField(value.Target?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
            csv.NextRecord();
        }
    }
}
