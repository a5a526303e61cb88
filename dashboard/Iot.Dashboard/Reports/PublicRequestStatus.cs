namespace Iot.Dashboard.Reports;

/// <summary>A request as anyone may look it up (no reporter details).</summary>
/// <param name="Agency">Who handles it: the operator's name, or the commune's while unassigned.</param>
/// <param name="Expected">When the fix is due by the operator's contract; null when unknown.</param>
public sealed record PublicRequestStatus(
    string RequestId,
    string ServiceCode,
    bool Closed,
    string Agency,
    DateTimeOffset Requested,
    DateTimeOffset Updated,
    DateTimeOffset? Expected,
    string? Description,
    string? Address,
    int? Rating);
