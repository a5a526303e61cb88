namespace Iot.Hub.Indicators;

/// <summary>Which slice of a commune a row of counts is about; empty strings stand for "none" (no operator, no district).</summary>
public readonly record struct IndicatorGroup(string Service, string OperatorId, string DistrictId);

/// <summary>
/// The additive counts behind the indicators, for one group over one day (a row of <c>indicator_days</c>) or summed
/// over a period. Times are milliseconds.
/// </summary>
public sealed class IndicatorCounts
{
    /// <summary>Assets in the group (summed over days: asset-days).</summary>
    public long Assets { get; set; }

    /// <summary>Asset time during which the service was due.</summary>
    public long DueMs { get; set; }

    public long UpMs { get; set; }

    public long DownMs { get; set; }

    /// <summary>Due time with no data.</summary>
    public long UnknownMs { get; set; }

    /// <summary>Bin time at or above the overflow level.</summary>
    public long FullMs { get; set; }

    /// <summary>Bin time whose fill level was known.</summary>
    public long FillKnownMs { get; set; }

    /// <summary>All bin time.</summary>
    public long FillTotalMs { get; set; }

    /// <summary>Fault tickets opened (not counting tickets linked under a parent).</summary>
    public long Faults { get; set; }

    public long Acked { get; set; }

    public long AckSumMs { get; set; }

    public long Repaired { get; set; }

    public long RepairSumMs { get; set; }

    /// <summary>Tickets whose acknowledge deadline fell in the time.</summary>
    public long AckDue { get; set; }

    /// <summary>Of those, acknowledged (or resolved) by the deadline.</summary>
    public long AckMet { get; set; }

    public long RepairDue { get; set; }

    public long RepairMet { get; set; }

    /// <summary>route_interruption tickets opened.</summary>
    public long Interruptions { get; set; }

    public void Add(IndicatorCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Assets += other.Assets;
        DueMs += other.DueMs;
        UpMs += other.UpMs;
        DownMs += other.DownMs;
        UnknownMs += other.UnknownMs;
        FullMs += other.FullMs;
        FillKnownMs += other.FillKnownMs;
        FillTotalMs += other.FillTotalMs;
        Faults += other.Faults;
        Acked += other.Acked;
        AckSumMs += other.AckSumMs;
        Repaired += other.Repaired;
        RepairSumMs += other.RepairSumMs;
        AckDue += other.AckDue;
        AckMet += other.AckMet;
        RepairDue += other.RepairDue;
        RepairMet += other.RepairMet;
        Interruptions += other.Interruptions;
    }
}
