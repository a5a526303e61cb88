namespace Iot.Hub.Open311;

/// <summary>
/// Filters of <c>GET requests.json</c>; null means any. <see cref="Ids"/>, when given, overrides every other filter
/// (as GeoReport v2 says). Times are Unix ms on the request's creation, <see cref="ToMs"/> inclusive.
/// </summary>
public sealed record ServiceRequestQuery(
    string? CommuneId,
    IReadOnlyList<long>? Ids = null,
    IReadOnlyList<string>? ServiceCodes = null,
    bool? Closed = null,
    long? FromMs = null,
    long? ToMs = null,
    int Page = 1,
    int PageSize = 100);
