using Iot.Contracts;

namespace Iot.Dashboard.Tickets;

/// <summary>Filters of the tickets page; null means any. <see cref="Page"/> starts at 1.</summary>
public sealed record TicketFilter(
    TicketState? State = null,
    ServiceKind? Service = null,
    string? OperatorId = null,
    string? Severity = null,
    string? DistrictId = null,
    int Page = 1,
    int PageSize = 25);

/// <summary>One page of tickets (newest first) and how many match in all.</summary>
public sealed record TicketPage(IReadOnlyList<TicketRow> Items, long Total);
