namespace Iot.Hub.Devices;

/// <summary>A device as <c>GET /api/devices</c> returns it.</summary>
public sealed record DeviceDto(
    string Id,
    string Service,
    string Commune,
    string District,
    string Agent,
    GeoPoint Location,
    string? Cabinet,
    string? Route,
    string? Address,
    bool Online,
    DateTimeOffset? LastSeen,
    IReadOnlyDictionary<string, MetricDto> Metrics,
    DeviceDiagnosticsDto? Diagnostics);

/// <summary>WGS84 position.</summary>
public sealed record GeoPoint(double Lat, double Lon);

/// <summary>Last value of a metric and its device time.</summary>
public sealed record MetricDto(object Value, DateTimeOffset Ts);

/// <summary>What went wrong with a device's messages: unknown metric names (stored anyway) and refusals.</summary>
public sealed record DeviceDiagnosticsDto(IReadOnlyList<string> UnknownMetrics, long Rejected, RejectionNote? LastRejection);
