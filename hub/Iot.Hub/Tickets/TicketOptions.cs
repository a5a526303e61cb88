using System.ComponentModel.DataAnnotations;

namespace Iot.Hub.Tickets;

/// <summary>The <c>Tickets</c> section: how long a problem must stay clear before its ticket resolves, and the flap window.</summary>
public sealed class TicketOptions
{
    public const string SectionName = "Tickets";

    /// <summary>Seconds a condition must stay clear before its ticket is auto-resolved.</summary>
    [Range(0, 86_400)]
    public int HoldDownSeconds { get; set; } = 300;

    /// <summary>Per rule override of <see cref="HoldDownSeconds"/>, keyed by rule name (e.g. <c>Tickets:RuleHoldDownSeconds:comm_lost</c>).</summary>
    public Dictionary<string, int> RuleHoldDownSeconds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A problem that comes back within this many seconds of its ticket's resolution re-opens it and counts a flap.</summary>
    [Range(0, 30 * 86_400)]
    public int FlapWindowSeconds { get; set; } = 3600;

    public TimeSpan HoldDownFor(string rule) =>
        TimeSpan.FromSeconds(RuleHoldDownSeconds.TryGetValue(rule, out var seconds) ? seconds : HoldDownSeconds);
}
