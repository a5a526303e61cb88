namespace Iot.Dashboard.Tickets;

/// <summary>How an action on a ticket ended.</summary>
public enum TicketActionOutcome
{
    Done,

    /// <summary>No such ticket, or not one the viewer may see.</summary>
    NotFound,

    /// <summary>The viewer may not act on tickets, or not on this one.</summary>
    Forbidden,

    /// <summary>Not allowed in the ticket's status (acknowledging a resolved ticket, say).</summary>
    Conflict,

    /// <summary>A required note or text is missing.</summary>
    Invalid,
}

/// <summary>The outcome of an action; <see cref="Message"/> says why when it was not done (in English, from the hub).</summary>
public sealed record TicketActionResult(TicketActionOutcome Outcome, string? Message = null)
{
    public static TicketActionResult Done { get; } = new(TicketActionOutcome.Done);

    public bool Succeeded => Outcome == TicketActionOutcome.Done;
}
