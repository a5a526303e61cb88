namespace Iot.Dashboard.Reports;

/// <summary>A report filed on the public page: the service, the place tapped on the map, and what the citizen wrote.</summary>
public sealed record PublicReport(string? ServiceCode, double? Latitude, double? Longitude, string? Description, string? MediaUrl, string? Email);
