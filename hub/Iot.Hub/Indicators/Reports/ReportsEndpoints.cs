using Iot.Access;
using Iot.Hub.Internal;
using Iot.Hub.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Iot.Hub.Indicators.Reports;

internal static class ReportsEndpoints
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports").WithTags("Reports");
        // An operator user lists and reads its own operator's reports only (not the commune's, not another operator's).
        group.MapGet("/", (HttpContext http, MonthlyReports reports) => TypedResults.Ok<IReadOnlyList<ReportFile>>(
                [.. reports.List().Where(r => HubAccess.MayReadReport(http.Viewer(), r.Scope, r.Id))])).WithName("ListReports")
            .WithDescription("The monthly report files written so far, newest month first.");
        group.MapGet("/{scope}/{id}/{file}", GetAsync).WithName("GetReport")
            .WithDescription("A monthly report: scope commune|operator, id, file {yyyy-MM}.pdf or {yyyy-MM}.csv. Written on demand when missing (a month not over yet is written up to now and rewritten on the next request after the month ends).");
        return group;
    }

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> GetAsync(
        string scope, string id, string file, HttpContext http, MonthlyReports reports, IndicatorService indicators, CancellationToken cancellationToken)
    {
        if (scope is not ("commune" or "operator"))
        {
            return Problems.Invalid("scope", $"scope '{scope}' is not one of commune|operator.");
        }

        var viewer = http.Viewer();
        if (!HubAccess.MayReadReport(viewer, scope, id))
        {
            return TypedResults.Problem($"An operator user reads its own operator's reports only (operator/{viewer.OperatorId}/…).",
                statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", extensions: new Dictionary<string, object?> { ["field"] = "id" });
        }

        if (!reports.Exists(scope, id))
        {
            return Problems.Invalid("id", $"unknown {scope} '{id}'.");
        }

        var format = Path.GetExtension(file).TrimStart('.');
        if (format is not ("pdf" or "csv") || !MonthlyReports.TryParseMonth(Path.GetFileNameWithoutExtension(file), out var month))
        {
            return Problems.Invalid("file", $"'{file}' is not {{yyyy-MM}}.pdf or {{yyyy-MM}}.csv.");
        }

        var commune = indicators.FindCommune(null)!;
        var today = indicators.Today(commune);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        if (month > thisMonth)
        {
            return Problems.Invalid("file", $"{month:yyyy-MM} has not started yet.");
        }

        // The current month is never cached: its figures change until it is over.
        var path = await reports.GetOrWriteAsync(scope, id, month, format, rewrite: month == thisMonth, cancellationToken);
        var contentType = format == "pdf" ? "application/pdf" : "text/csv; charset=utf-8";
        return TypedResults.PhysicalFile(path, contentType, $"{scope}-{id}-{month:yyyy-MM}.{format}");
    }
}
