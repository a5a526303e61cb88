using Iot.Access;

namespace Iot.Dashboard.Assets;

/// <summary>
/// Sends commands to devices through the hub's broker and follows their acknowledgement. Only a viewer who
/// <see cref="Viewer.CanCommand"/> and may see the device's contract may send; a command is otherwise refused unsent.
/// </summary>
public interface IDeviceCommands
{
    /// <summary>Whether the asset takes switch/dim commands at all (lamps and cabinets).</summary>
    bool Accepts(string assetId);

    Task<CommandSendResult> SendAsync(Viewer viewer, string assetId, DeviceCommand command, CancellationToken cancellationToken);

    /// <summary>The command's current state (read from memory), or null when the hub no longer knows it.</summary>
    CommandStatus? Find(Viewer viewer, string commandId);
}
