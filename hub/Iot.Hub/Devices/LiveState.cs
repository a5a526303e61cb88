using System.Collections.Concurrent;
using Iot.Contracts;

namespace Iot.Hub.Devices;

/// <summary>
/// The hub's in-memory picture: last value of every metric of every device, online state per agent and per device,
/// and per-device diagnostics. The map, the API and the rules read this, never the time-series store.
/// </summary>
public sealed class LiveState
{
    private readonly ConcurrentDictionary<string, DeviceLive> _devices = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AgentLive> _agents = new(StringComparer.Ordinal);

    public DeviceLive Device(string id) => _devices.GetOrAdd(id, static key => new DeviceLive(key));

    public DeviceLive? FindDevice(string id) => _devices.GetValueOrDefault(id);

    public AgentLive Agent(string id) => _agents.GetOrAdd(id, static key => new AgentLive(key));

    public AgentLive? FindAgent(string id) => _agents.GetValueOrDefault(id);

    /// <summary>A device is online when its agent is online and the device's own last status is not offline.</summary>
    public bool IsOnline(DeviceInfo device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var agent = FindAgent(device.Agent);
        if (agent is null || !agent.Online)
        {
            return false;
        }

        var live = FindDevice(device.Id);
        return live is null || live.StatusOnline != false;
    }
}
