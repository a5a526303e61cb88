using Microsoft.Data.Sqlite;

namespace Iot.Hub.Indicators.Internal;

/// <summary>The columns of <c>indicator_days</c>, in one place for the writer and the readers.</summary>
internal static class DayColumns
{
    public const string Names = """
        commune_id, day, service, operator_id, district_id, assets, due_ms, up_ms, down_ms, unknown_ms, full_ms, fill_known_ms,
        fill_total_ms, faults, acked, ack_sum_ms, repaired, repair_sum_ms, ack_due, ack_met, repair_due, repair_met, interruptions
        """;

    public const string Parameters = """
        $commune, $day, $service, $operator, $district, $assets, $due, $up, $down, $unknown, $full, $fillKnown, $fillTotal, $faults,
        $acked, $ackSum, $repaired, $repairSum, $ackDue, $ackMet, $repairDue, $repairMet, $interruptions
        """;

    /// <summary>What a reader selects after <c>day</c>: the group, then the counts in <see cref="Read"/>'s order.</summary>
    public const string Counts = """
        service, operator_id, district_id, assets, due_ms, up_ms, down_ms, unknown_ms, full_ms, fill_known_ms, fill_total_ms,
        faults, acked, ack_sum_ms, repaired, repair_sum_ms, ack_due, ack_met, repair_due, repair_met, interruptions
        """;

    public static void Bind(SqliteCommand command, IndicatorGroup group, IndicatorCounts c)
    {
        var p = command.Parameters;
        p.AddWithValue("$service", group.Service);
        p.AddWithValue("$operator", group.OperatorId);
        p.AddWithValue("$district", group.DistrictId);
        p.AddWithValue("$assets", c.Assets);
        p.AddWithValue("$due", c.DueMs);
        p.AddWithValue("$up", c.UpMs);
        p.AddWithValue("$down", c.DownMs);
        p.AddWithValue("$unknown", c.UnknownMs);
        p.AddWithValue("$full", c.FullMs);
        p.AddWithValue("$fillKnown", c.FillKnownMs);
        p.AddWithValue("$fillTotal", c.FillTotalMs);
        p.AddWithValue("$faults", c.Faults);
        p.AddWithValue("$acked", c.Acked);
        p.AddWithValue("$ackSum", c.AckSumMs);
        p.AddWithValue("$repaired", c.Repaired);
        p.AddWithValue("$repairSum", c.RepairSumMs);
        p.AddWithValue("$ackDue", c.AckDue);
        p.AddWithValue("$ackMet", c.AckMet);
        p.AddWithValue("$repairDue", c.RepairDue);
        p.AddWithValue("$repairMet", c.RepairMet);
        p.AddWithValue("$interruptions", c.Interruptions);
    }

    /// <summary>Reads the group and counts selected with <see cref="Counts"/> starting at column <paramref name="at"/>.</summary>
    public static (IndicatorGroup Group, IndicatorCounts Counts) Read(SqliteDataReader r, int at) =>
        (new IndicatorGroup(r.GetString(at), r.GetString(at + 1), r.GetString(at + 2)), new IndicatorCounts
        {
            Assets = r.GetInt64(at + 3),
            DueMs = r.GetInt64(at + 4),
            UpMs = r.GetInt64(at + 5),
            DownMs = r.GetInt64(at + 6),
            UnknownMs = r.GetInt64(at + 7),
            FullMs = r.GetInt64(at + 8),
            FillKnownMs = r.GetInt64(at + 9),
            FillTotalMs = r.GetInt64(at + 10),
            Faults = r.GetInt64(at + 11),
            Acked = r.GetInt64(at + 12),
            AckSumMs = r.GetInt64(at + 13),
            Repaired = r.GetInt64(at + 14),
            RepairSumMs = r.GetInt64(at + 15),
            AckDue = r.GetInt64(at + 16),
            AckMet = r.GetInt64(at + 17),
            RepairDue = r.GetInt64(at + 18),
            RepairMet = r.GetInt64(at + 19),
            Interruptions = r.GetInt64(at + 20),
        });
}
