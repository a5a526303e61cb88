using Iot.Contracts;

namespace Iot.Dashboard.Tickets;

/// <summary>A ticket as the dashboard shows it. Times are UTC instants; the pages show them in the commune's time zone.</summary>
/// <param name="AssetId">The device the ticket is about, or its group (a cabinet, an agent) when it has no device.</param>
/// <param name="OperatorId">The operator it is routed to; null when no contract covers the place (the commune's queue).</param>
public sealed record TicketRow(
    long Id,
    TicketState State,
    string Rule,
    string Severity,
    ServiceKind Service,
    string? AssetId,
    string CommuneId,
    string? DistrictId,
    string Summary,
    string? OperatorId,
    long? ParentId,
    DateTimeOffset OpenedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? AckDueAt,
    DateTimeOffset? RepairDueAt,
    string? Resolution)
{
    /// <summary>Open or acknowledged: the SLA clock still runs.</summary>
    public bool Unresolved => State is TicketState.Open or TicketState.Acknowledged;

    /// <summary>The deadline the operator works against now: acknowledge while open, repair once acknowledged; none after.</summary>
    public DateTimeOffset? NextDue => State switch
    {
        TicketState.Open => AckDueAt ?? RepairDueAt,
        TicketState.Acknowledged => RepairDueAt,
        _ => null,
    };
}
