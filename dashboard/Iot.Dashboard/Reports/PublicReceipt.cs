namespace Iot.Dashboard.Reports;

/// <summary>What the citizen gets back: the request id to follow, and the token that lets them rate it once closed.</summary>
/// <param name="Linked">The problem had already been reported; the request joined it.</param>
public sealed record PublicReceipt(string RequestId, string RatingToken, bool Linked);
