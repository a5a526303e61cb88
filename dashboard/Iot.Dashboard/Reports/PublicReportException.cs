namespace Iot.Dashboard.Reports;

/// <summary>
/// A report or rating the hub refused: <see cref="Status"/> as the Open311 API would answer (400, 403, 404, 409, 429),
/// <see cref="Field"/> the Open311 parameter at fault (<c>lat</c>, <c>service_code</c>, <c>rating</c>…) or null.
/// </summary>
public sealed class PublicReportException(int status, string? field, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string? Field { get; } = field;
}
