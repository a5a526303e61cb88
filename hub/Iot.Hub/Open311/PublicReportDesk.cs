using System.Globalization;
using System.Threading.RateLimiting;
using Iot.City;
using Iot.Dashboard.Reports;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Open311;

/// <summary>
/// The public page's way in: the same <see cref="CitizenReportService"/> as Open311's POST (no API key: the page is the
/// commune's own channel), limited per client address like the POST endpoint (its own counters, the same numbers).
/// </summary>
internal sealed class PublicReportDesk(CitizenReportService reports, ServiceRequestStore store, CityIndex city, IOptions<Open311Options> options)
    : ICitizenReportDesk, IDisposable
{
    public const string Source = "public-page";

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.RateLimit.Post.PermitLimit,
            Window = TimeSpan.FromSeconds(options.Value.RateLimit.Post.WindowSeconds),
            QueueLimit = 0,
        }));

    public IReadOnlyList<string> ServiceCodes { get; } = [.. CitizenServices.All.Select(s => s.Code)];

    public async Task<PublicReceipt> SubmitAsync(PublicReport report, string clientAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var lease = _limiter.AttemptAcquire(clientAddress);
        if (!lease.IsAcquired)
        {
            throw new PublicReportException(StatusCodes.Status429TooManyRequests, null, "Too many reports from this address; try again later.");
        }

        try
        {
            var receipt = await reports.SubmitAsync(
                new ServiceRequestInput(null, report.ServiceCode, report.Latitude, report.Longitude, Description: report.Description,
                    MediaUrl: report.MediaUrl, Email: report.Email),
                Source, cancellationToken);
            return new PublicReceipt(receipt.Request.Id.ToString(CultureInfo.InvariantCulture), receipt.RatingToken, receipt.Request.Linked);
        }
        catch (Open311Exception ex)
        {
            throw new PublicReportException(ex.Status, ex.Field, ex.Message);
        }
    }

    public async Task<PublicRequestStatus?> FindAsync(string requestId, CancellationToken cancellationToken) =>
        long.TryParse(requestId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && await store.FindAsync(id, cancellationToken) is { } request
            ? ToStatus(request)
            : null;

    public async Task<PublicRequestStatus> RateAsync(string requestId, string? token, int rating, CancellationToken cancellationToken)
    {
        if (!long.TryParse(requestId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new PublicReportException(StatusCodes.Status404NotFound, "service_request_id", $"No service request {requestId}.");
        }

        try
        {
            return ToStatus(await reports.RateAsync(id, token, rating, cancellationToken));
        }
        catch (Open311Exception ex)
        {
            throw new PublicReportException(ex.Status, ex.Field, ex.Message);
        }
    }

    public void Dispose() => _limiter.Dispose();

    private PublicRequestStatus ToStatus(ServiceRequest r) => new(
        r.Id.ToString(CultureInfo.InvariantCulture), r.ServiceCode, r.Closed,
        r.OperatorId is { } op ? city.FindOperator(op)?.Name ?? op : city.FindCommune(r.CommuneId)?.Name ?? r.CommuneId,
        DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedMs), DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedMs),
        r.ExpectedMs is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : null, r.Description, r.Address, r.Rating);
}
