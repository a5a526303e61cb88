namespace Iot.Hub.Indicators.Reports;

/// <summary>What a monthly report shows: the month's indicators, each day's, and the month's by district.</summary>
/// <param name="Scope"><c>commune</c> or <c>operator</c>.</param>
/// <param name="Id">The commune or operator id.</param>
/// <param name="Name">The commune or operator name.</param>
/// <param name="CommuneName">The commune the figures are about.</param>
/// <param name="Language">fr, ar or en.</param>
/// <param name="Month">yyyy-MM.</param>
public sealed record MonthlyReport(
    string Scope,
    string Id,
    string Name,
    string CommuneName,
    string Language,
    string Month,
    IndicatorPeriod Total,
    IReadOnlyList<IndicatorPeriod> Days,
    IReadOnlyList<(string DistrictName, IndicatorPeriod Period)> Districts,
    DateTimeOffset GeneratedAt);

/// <summary>A report file on disk.</summary>
/// <param name="Scope"><c>commune</c> or <c>operator</c>.</param>
/// <param name="Format"><c>pdf</c> or <c>csv</c>.</param>
public sealed record ReportFile(string Scope, string Id, string Month, string Format, long Bytes, DateTimeOffset WrittenAt, string Url);
