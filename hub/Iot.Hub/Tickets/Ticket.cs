using Iot.Contracts;

namespace Iot.Hub.Tickets;

/// <summary>A ticket's status: open → acknowledged → resolved → closed (a re-open goes back to open).</summary>
public enum TicketStatus
{
    Open,
    Acknowledged,
    Resolved,
    Closed,
}

/// <summary>
/// One problem, routed to one operator. Times are Unix ms (UTC). <see cref="OperatorId"/> is null when no contract
/// covers the asset: the ticket then sits in the commune's queue with <see cref="Unrouted"/> set.
/// </summary>
public sealed record Ticket(
    long Id,
    string DedupKey,
    TicketStatus Status,
    string Rule,
    string Severity,
    ServiceKind Service,
    string? DeviceId,
    string? GroupId,
    string CommuneId,
    string? DistrictId,
    double Longitude,
    double Latitude,
    string Summary,
    string? OperatorId,
    string? ContractId,
    bool Unrouted,
    long? ParentId,
    long OpenedAt,
    long? AcknowledgedAt,
    long? ResolvedAt,
    long? ClosedAt,
    long? AckDueAt,
    long? RepairDueAt,
    string? Resolution,
    int Flaps,
    long LastSeenAt);
