using Iot.Dashboard.Reports;

namespace Iot.Dashboard.Tests.Infrastructure;

/// <summary>A report desk that records what the page sends and answers what the test sets.</summary>
internal sealed class FakeCitizenReportDesk : ICitizenReportDesk
{
    public List<(PublicReport Report, string Client)> Submitted { get; } = [];

    public List<(string Id, string? Token, int Rating)> Ratings { get; } = [];

    public PublicReportException? SubmitError { get; set; }

    public PublicRequestStatus? Status { get; set; }

    public IReadOnlyList<string> ServiceCodes { get; } = ["streetlight", "wastebin", "bus"];

    public Task<PublicReceipt> SubmitAsync(PublicReport report, string clientAddress, CancellationToken cancellationToken)
    {
        Submitted.Add((report, clientAddress));
        return SubmitError is { } error ? Task.FromException<PublicReceipt>(error) : Task.FromResult(new PublicReceipt("17", "tok-en_17", false));
    }

    public Task<PublicRequestStatus?> FindAsync(string requestId, CancellationToken cancellationToken) =>
        Task.FromResult(Status?.RequestId == requestId ? Status : null);

    public Task<PublicRequestStatus> RateAsync(string requestId, string? token, int rating, CancellationToken cancellationToken)
    {
        Ratings.Add((requestId, token, rating));
        Status = Status! with { Rating = rating };
        return Task.FromResult(Status);
    }
}
