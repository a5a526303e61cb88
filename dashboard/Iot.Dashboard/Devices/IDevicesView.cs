using Iot.Access;

namespace Iot.Dashboard.Devices;

/// <summary>
/// The device registry as the devices page lists it, in city order, read from the hub's memory (no database). An
/// operator viewer gets only the devices whose contract in force today is theirs.
/// </summary>
public interface IDevicesView
{
    IReadOnlyList<DeviceRow> List(Viewer viewer);
}
