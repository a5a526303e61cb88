namespace Iot.Hub.Alerts;

/// <summary>The ticket as an alert carries it (times in Unix ms, UTC).</summary>
public sealed record AlertTicket(
    long Id,
    string Status,
    string Rule,
    string Severity,
    string Service,
    string? DeviceId,
    string? GroupId,
    string CommuneId,
    string? DistrictId,
    string? OperatorId,
    string? ContractId,
    bool Unrouted,
    string Summary,
    double Longitude,
    double Latitude,
    long OpenedAt,
    long? AcknowledgedAt,
    long? ResolvedAt,
    long? AckDueAt,
    long? RepairDueAt,
    int Flaps);
