namespace Iot.Hub.Open311;

/// <summary>
/// One citizen report (an Open311 service request) as the indicators see it.
/// </summary>
/// <param name="RequestId">The Open311 <c>service_request_id</c>.</param>
/// <param name="Service">The hub service it concerns (<c>streetlight</c>, <c>wastebin</c>, <c>bus</c>).</param>
/// <param name="OperatorId">The operator responsible (of the ticket it opened or was linked to); null when unrouted.</param>
/// <param name="DistrictId">The district of the reported place; null outside every district.</param>
/// <param name="TicketId">The ticket it opened or was linked to.</param>
/// <param name="ReceivedMs">When the hub received it (Unix ms).</param>
/// <param name="ClosedMs">When the request was closed (Unix ms); null while open.</param>
/// <param name="Rating">The citizen's rating of the closed request, 1–5; null when not rated.</param>
public sealed record CitizenReportFact(
    string RequestId,
    string Service,
    string? OperatorId,
    string? DistrictId,
    long? TicketId,
    long ReceivedMs,
    long? ClosedMs,
    int? Rating);

/// <summary>The citizen reports received or closed in a period; implemented by the Open311 store.</summary>
public interface ICitizenReports
{
    /// <summary>Reports received in [<paramref name="fromMs"/>, <paramref name="toMs"/>) or closed in it.</summary>
    Task<IReadOnlyList<CitizenReportFact>> ListAsync(long fromMs, long toMs, CancellationToken cancellationToken);
}
