namespace Iot.Hub.Open311;

/// <summary>
/// A citizen's service request as stored in <c>hub.db</c> (table <c>service_requests</c>). Times are Unix ms (UTC).
/// <see cref="Email"/> and <see cref="ReporterName"/> are kept for the commune only and never returned by the API;
/// the rating token is kept hashed (<see cref="RatingTokenHash"/>).
/// </summary>
/// <param name="Linked">The request joined a ticket that was already open (within 50 m, or naming the same asset).</param>
/// <param name="Closed">Follows the ticket: closed once it is resolved or closed, open again if it re-opens.</param>
/// <param name="ExpectedMs">The ticket's repair deadline from the contract's SLA table; null when unrouted.</param>
/// <param name="Source">Who submitted it: <c>api:{key name}</c> or <c>public-page</c>.</param>
public sealed record ServiceRequest(
    long Id,
    string CommuneId,
    string ServiceCode,
    long TicketId,
    bool Linked,
    string? OperatorId,
    string? DistrictId,
    string? AssetId,
    string? Description,
    string? MediaUrl,
    double Latitude,
    double Longitude,
    string? Address,
    string? Email,
    string? ReporterName,
    bool Closed,
    string? StatusNotes,
    long? ExpectedMs,
    long CreatedMs,
    long UpdatedMs,
    long? ClosedMs,
    int? Rating,
    long? RatedMs,
    byte[] RatingTokenHash,
    string Source);
