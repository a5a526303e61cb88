namespace Iot.Dashboard.Reports;

/// <summary>
/// What the public report page (<c>/report</c>) needs from its host: the hub implements it over its Open311 service,
/// so a report from the page takes the same path as an Open311 <c>POST requests.json</c>.
/// </summary>
public interface ICitizenReportDesk
{
    /// <summary>The Open311 service codes a citizen may choose (the hub services' wire names: streetlight, wastebin, bus).</summary>
    IReadOnlyList<string> ServiceCodes { get; }

    /// <summary>Files a report. Throws <see cref="PublicReportException"/> naming the field for bad input, 429 when too many.</summary>
    /// <param name="clientAddress">The reporter's address, for the same per-address limit as the API.</param>
    Task<PublicReceipt> SubmitAsync(PublicReport report, string clientAddress, CancellationToken cancellationToken);

    /// <summary>A request's public status; null when there is no such request.</summary>
    Task<PublicRequestStatus?> FindAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>The reporter rates a closed request 1–5 with the token of the receipt. Throws <see cref="PublicReportException"/>.</summary>
    Task<PublicRequestStatus> RateAsync(string requestId, string? token, int rating, CancellationToken cancellationToken);
}
