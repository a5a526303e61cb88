using System.ComponentModel.DataAnnotations;

namespace Iot.Hub.Indicators;

/// <summary><c>Indicators:*</c>: when the nightly roll-up and the monthly reports run, and where reports go.</summary>
public sealed class IndicatorsOptions
{
    public const string SectionName = "Indicators";

    /// <summary>Local hour (commune time zone) of the nightly roll-up of the previous day.</summary>
    [Range(0, 23)]
    public int RollupHour { get; set; } = 1;

    /// <summary>Local hour (commune time zone) on the 1st of the month when the previous month's reports are written.</summary>
    [Range(0, 23)]
    public int ReportHour { get; set; } = 2;

    /// <summary>How many past days the roll-up catches up on at start and each night (days already stored are skipped).</summary>
    [Range(1, 3660)]
    public int CatchUpDays { get; set; } = 62;

    /// <summary>A TrueType font for the PDF reports; empty: the first found of DejaVu Sans, Liberation Sans, Lato.</summary>
    public string FontFile { get; set; } = string.Empty;
}
