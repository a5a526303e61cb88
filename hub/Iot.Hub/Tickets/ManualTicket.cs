namespace Iot.Hub.Tickets;

/// <summary>
/// A ticket opened by a person: <see cref="Service"/>, <see cref="Severity"/> and <see cref="Summary"/> are required,
/// and either <see cref="DeviceId"/> (its place is the device's) or <see cref="Longitude"/>/<see cref="Latitude"/> with
/// <see cref="CommuneId"/> (may be left out when the hub watches one commune).
/// </summary>
public sealed record ManualTicket(
    string? Service,
    string? Severity,
    string? Summary,
    string? DeviceId = null,
    string? CommuneId = null,
    double? Longitude = null,
    double? Latitude = null);
