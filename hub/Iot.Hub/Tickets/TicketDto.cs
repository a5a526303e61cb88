namespace Iot.Hub.Tickets;

/// <summary>A ticket in the API. Times are ISO 8601 UTC like the rest of the API; <c>status</c> and <c>service</c> use wire names.</summary>
public sealed record TicketDto(
    long Id,
    string Status,
    string Rule,
    string Severity,
    string Service,
    string? DeviceId,
    string? GroupId,
    string CommuneId,
    string? DistrictId,
    Devices.GeoPoint Location,
    string Summary,
    string? OperatorId,
    string? ContractId,
    bool Unrouted,
    long? ParentId,
    DateTimeOffset OpenedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset? AckDueAt,
    DateTimeOffset? RepairDueAt,
    string? Resolution,
    int Flaps,
    DateTimeOffset LastSeenAt,
    string DedupKey)
{
    public static TicketDto From(Ticket t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new(
            t.Id, TicketStore.ToWire(t.Status), t.Rule, t.Severity, Iot.Contracts.ServiceKinds.ToWire(t.Service), t.DeviceId, t.GroupId,
            t.CommuneId, t.DistrictId, new Devices.GeoPoint(t.Latitude, t.Longitude), t.Summary, t.OperatorId, t.ContractId, t.Unrouted,
            t.ParentId, Time(t.OpenedAt), Time(t.AcknowledgedAt), Time(t.ResolvedAt), Time(t.ClosedAt), Time(t.AckDueAt),
            Time(t.RepairDueAt), t.Resolution, t.Flaps, Time(t.LastSeenAt), t.DedupKey);
    }

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}

/// <summary>A line of a ticket's timeline.</summary>
public sealed record TimelineEntryDto(DateTimeOffset At, string Actor, string Action, string? Detail);

/// <summary>A ticket with its timeline (oldest first) and its linked children.</summary>
public sealed record TicketDetailDto(TicketDto Ticket, IReadOnlyList<TimelineEntryDto> Timeline, IReadOnlyList<TicketDto> Children);

/// <summary>One page of a ticket listing.</summary>
public sealed record TicketPageDto(IReadOnlyList<TicketDto> Items, long Total, int Page, int PageSize);

/// <summary>Body of ack, resolve, comment and close: <c>note</c> (required to resolve) or <c>text</c> (required to comment).</summary>
public sealed record TicketActionRequest(string? Note, string? Text);
