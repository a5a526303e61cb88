using Iot.Contracts;
using Iot.Dashboard.Live;

namespace Iot.Dashboard.Devices;

/// <summary>One device of the registry with its live status; <paramref name="LastSeen"/> is null when it never reported.</summary>
public sealed record DeviceRow(
    string Id,
    ServiceKind Service,
    string DistrictId,
    string? Address,
    string AgentId,
    AssetStatus Status,
    DateTimeOffset? LastSeen);
