using Iot.Contracts;

namespace Iot.Hub.Devices;

/// <summary>A device as the registry knows it (from the city file).</summary>
public sealed record DeviceInfo(
    string Id,
    ServiceKind Service,
    string Commune,
    string Agent,
    string District,
    double Latitude,
    double Longitude,
    string? Cabinet,
    string? Route,
    string? Address);
