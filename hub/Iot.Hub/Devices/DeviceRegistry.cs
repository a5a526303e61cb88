using System.Collections.Frozen;
using Iot.City;

namespace Iot.Hub.Devices;

/// <summary>The devices and agents of the loaded city, read-only and lock-free.</summary>
public sealed class DeviceRegistry
{
    private readonly FrozenDictionary<string, DeviceInfo> _devices;
    private readonly FrozenDictionary<string, AgentInfo> _agents;

    public DeviceRegistry(CityModel city)
    {
        ArgumentNullException.ThrowIfNull(city);
        City = city;
        _devices = city.Assets
            .Select(a => new DeviceInfo(
                a.Id, a.Service, a.CommuneId, a.AgentId, a.DistrictId, a.Location.Y, a.Location.X, a.CabinetId, a.RouteId, a.Address))
            .ToFrozenDictionary(d => d.Id, StringComparer.Ordinal);
        var owned = _devices.Values.ToLookup(d => d.Agent, StringComparer.Ordinal);
        _agents = city.Agents
            .Select(a => new AgentInfo(a.Id, a.CommuneId, a.Kind, [.. owned[a.Id].Select(d => d.Id).Order(StringComparer.Ordinal)]))
            .ToFrozenDictionary(a => a.Id, StringComparer.Ordinal);
        Devices = [.. _devices.Values.OrderBy(d => d.Id, StringComparer.Ordinal)];
    }

    public CityModel City { get; }

    public IReadOnlyList<DeviceInfo> Devices { get; }

    public IEnumerable<AgentInfo> Agents => _agents.Values;

    public DeviceInfo? FindDevice(string id) => _devices.GetValueOrDefault(id);

    public AgentInfo? FindAgent(string id) => _agents.GetValueOrDefault(id);
}
