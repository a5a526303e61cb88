using System.Globalization;
using Iot.City;
using Iot.Hub.Indicators.Internal;
using Iot.Hub.Storage;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Indicators.Reports;

/// <summary>
/// The monthly reports per commune and per operator, as PDF and CSV files under <c>{Storage:DataDir}/reports/{yyyy-MM}/</c>
/// (<c>commune-{id}.pdf</c>, <c>operator-{id}.csv</c>…). Written by the job on the 1st for the previous month, or on demand.
/// </summary>
public sealed class MonthlyReports(
    IndicatorService indicators, IOptions<StorageOptions> storage, IOptions<IndicatorsOptions> options, TimeProvider time, ILogger<MonthlyReports> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Directory { get; } = Path.Combine(storage.Value.FullDataDir, "reports");

    public void Dispose() => _gate.Dispose();

    public static bool TryParseMonth(string text, out DateOnly month)
    {
        var ok = DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out month);
        return ok;
    }

    /// <summary>Every report file written, newest month first.</summary>
    public IReadOnlyList<ReportFile> List()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var files = new List<ReportFile>();
        foreach (var monthDir in new DirectoryInfo(Directory).EnumerateDirectories())
        {
            foreach (var file in monthDir.EnumerateFiles())
            {
                var name = Path.GetFileNameWithoutExtension(file.Name);
                var dash = name.IndexOf('-', StringComparison.Ordinal);
                var format = file.Extension.TrimStart('.');
                if (dash <= 0 || format is not ("pdf" or "csv"))
                {
                    continue;
                }

                var (scope, id) = (name[..dash], name[(dash + 1)..]);
                files.Add(new ReportFile(scope, id, monthDir.Name, format, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero),
                    $"/api/reports/{scope}/{id}/{monthDir.Name}.{format}"));
            }
        }

        return [.. files.OrderByDescending(f => f.Month, StringComparer.Ordinal).ThenBy(f => f.Scope, StringComparer.Ordinal).ThenBy(f => f.Id, StringComparer.Ordinal).ThenBy(f => f.Format, StringComparer.Ordinal)];
    }

    public string PathOf(string scope, string id, DateOnly month, string format) =>
        Path.Combine(Directory, month.ToString("yyyy-MM", CultureInfo.InvariantCulture), $"{scope}-{id}.{format}");

    /// <summary>The file, written first when missing (or always with <paramref name="rewrite"/>).</summary>
    public async Task<string> GetOrWriteAsync(string scope, string id, DateOnly month, string format, bool rewrite, CancellationToken cancellationToken)
    {
        var path = PathOf(scope, id, month, format);
        if (!rewrite && File.Exists(path))
        {
            return path;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!rewrite && File.Exists(path))
            {
                return path;
            }

            var report = await BuildAsync(scope, id, month, cancellationToken);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + ".tmp";
            await using (var stream = File.Create(temp))
            {
                if (format == "pdf")
                {
                    ReportFonts.Install(options.Value.FontFile);
                    PdfReportWriter.Write(report, stream);
                }
                else
                {
                    CsvReportWriter.Write(report, stream);
                }
            }

            File.Move(temp, path, overwrite: true);
            IndicatorsLog.ReportWritten(logger, scope, id, report.Month, path);
            return path;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes every report of <paramref name="month"/>: each commune and each operator with a contract there.</summary>
    public async Task WriteMonthAsync(DateOnly month, CancellationToken cancellationToken)
    {
        var city = indicators.City;
        foreach (var commune in city.Communes)
        {
            foreach (var format in (string[])["pdf", "csv"])
            {
                await GetOrWriteAsync("commune", commune.Id, month, format, rewrite: true, cancellationToken);
            }
        }

        foreach (var op in city.Operators.Where(o => city.Contracts.Any(c => c.OperatorId == o.Id)))
        {
            foreach (var format in (string[])["pdf", "csv"])
            {
                await GetOrWriteAsync("operator", op.Id, month, format, rewrite: true, cancellationToken);
            }
        }
    }

    /// <summary>Whether <paramref name="scope"/>/<paramref name="id"/> names a commune or an operator of the city.</summary>
    public bool Exists(string scope, string id) => scope switch
    {
        "commune" => indicators.City.Communes.Any(c => c.Id == id),
        "operator" => indicators.City.Operators.Any(o => o.Id == id),
        _ => false,
    };

    internal async Task<MonthlyReport> BuildAsync(string scope, string id, DateOnly month, CancellationToken cancellationToken)
    {
        var city = indicators.City;
        Commune commune;
        string name, language;
        string? operatorId = null;
        if (scope == "operator")
        {
            var op = city.Operators.First(o => o.Id == id);
            var contract = city.Contracts.FirstOrDefault(c => c.OperatorId == id);
            commune = (contract is null ? null : city.Communes.FirstOrDefault(c => c.Id == contract.CommuneId)) ?? city.Communes[0];
            (name, language, operatorId) = (op.Name, op.Language, op.Id);
        }
        else
        {
            commune = city.Communes.First(c => c.Id == id);
            (name, language) = (commune.Name, commune.Language);
        }

        var first = new DateOnly(month.Year, month.Month, 1);
        var query = new IndicatorQuery(commune.Id, first, first.AddMonths(1), IndicatorGranularity.Month, OperatorId: operatorId);
        var total = (await indicators.QueryAsync(query, cancellationToken)).Periods[0];
        var days = (await indicators.QueryAsync(query with { Granularity = IndicatorGranularity.Day }, cancellationToken)).Periods;
        var districts = (await indicators.BreakdownAsync(query, byOperator: false, cancellationToken))
            .Select(d => (d.Key.Length == 0 ? "—" : city.DistrictName(d.Key), d.Period))
            .ToList();
        return new MonthlyReport(scope, id, name, commune.Name, language, first.ToString("yyyy-MM", CultureInfo.InvariantCulture), total, days, districts, time.GetUtcNow());
    }
}
