using System.Net;

namespace Iot.Hub.Storage.Influx;

/// <summary>The answer to a <c>/write</c>: its status and InfluxDB's error message (empty on success).</summary>
internal readonly record struct InfluxResponse(HttpStatusCode StatusCode, string Error)
{
    public bool IsSuccess => (int)StatusCode is >= 200 and < 300;

    /// <summary>
    /// Worth sending again later: server errors, 408/429, refused credentials (fixed by an operator, and the data must
    /// not be lost meanwhile) and a missing database (created, then sent again). Any other 4xx is a refusal of the data
    /// itself and would be refused again.
    /// </summary>
    public bool IsTransient => (int)StatusCode >= 500
        || StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || IsDatabaseNotFound;

    public bool IsDatabaseNotFound => StatusCode == HttpStatusCode.NotFound && Error.Contains("database not found", StringComparison.Ordinal);

    /// <summary>
    /// InfluxDB took every point except those older than the retention policy keeps (<c>partial write: points beyond
    /// retention policy dropped=N</c>; any other problem in the request would have been reported instead). Those points
    /// are expired, not refused: SQLite would delete them at its next retention pass.
    /// </summary>
    public bool IsOnlyExpiredDropped(out int dropped)
    {
        dropped = 0;
        const string Prefix = "partial write: points beyond retention policy dropped=";
        return StatusCode == HttpStatusCode.BadRequest
            && Error.StartsWith(Prefix, StringComparison.Ordinal)
            && int.TryParse(Error.AsSpan(Prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out dropped);
    }

    public bool IsAuthenticationFailure => StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    public override string ToString() => $"HTTP {(int)StatusCode}: {Error}";
}
