using Iot.Access;
using Iot.Dashboard.Devices;
using Iot.Dashboard.Live;
using Iot.Hub.Devices;

namespace Iot.Hub.Dashboard;

/// <summary>The registry with each device's map status and last message, read from memory (no database).</summary>
internal sealed class HubDevicesView(ILiveAssetSource source, LiveState live, HubAccess access) : IDevicesView
{
    public IReadOnlyList<DeviceRow> List(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var assets = source.City.Assets;
        var states = new AssetState[assets.Count];
        source.ReadStates(states);
        var rows = new List<DeviceRow>(assets.Count);
        for (var i = 0; i < assets.Count; i++)
        {
            var asset = assets[i];
            if (!access.MaySeeAsset(viewer, i))
            {
                continue;
            }

            var seen = live.FindDevice(asset.Id)?.LastSeenMs ?? 0;
            rows.Add(new DeviceRow(
                asset.Id, asset.Service, asset.DistrictId, asset.Address, asset.AgentId, states[i].Status,
                seen > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(seen) : null));
        }

        return rows;
    }
}
