namespace Iot.City;

/// <summary>Ticket severities used in SLA tables (the same names as the wire contract's event severities).</summary>
public static class SlaSeverities
{
    public const string Low = "low";
    public const string Medium = "medium";
    public const string High = "high";
    public const string Critical = "critical";

    /// <summary>From the most to the least urgent.</summary>
    public static IReadOnlyList<string> All { get; } = [Critical, High, Medium, Low];
}
