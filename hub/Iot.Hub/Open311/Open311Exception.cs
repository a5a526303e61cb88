namespace Iot.Hub.Open311;

/// <summary>
/// A request Open311 refuses: <see cref="Status"/> is the HTTP status (400, 403, 404, 409), <see cref="Field"/> the
/// parameter at fault (null when none). The API answers <c>[{"code": status, "description": message}]</c>.
/// </summary>
public sealed class Open311Exception(int status, string? field, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string? Field { get; } = field;

    public static Open311Exception Invalid(string field, string message) => new(StatusCodes.Status400BadRequest, field, $"{field}: {message}");
}
