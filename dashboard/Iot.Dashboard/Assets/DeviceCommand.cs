namespace Iot.Dashboard.Assets;

/// <summary>A command the panel offers: switch a lamp or a cabinet on/off, or dim it to a level (0..1).</summary>
public sealed record DeviceCommand(string Action, bool? On = null, double? Level = null)
{
    public static DeviceCommand Switch(bool on) => new("switch", On: on);

    public static DeviceCommand Dim(double level) => new("dim", Level: level);
}

/// <summary>What became of a command: sent (no answer yet), acknowledged ok, refused by the device, or expired unanswered.</summary>
public enum CommandProgress
{
    Sent,
    Succeeded,
    Refused,
    Expired,
}

/// <summary>A command and its state as the panel follows it. <see cref="Error"/> is the device's reason for a refusal.</summary>
public sealed record CommandStatus(
    string Id,
    string DeviceId,
    DeviceCommand Command,
    string Actor,
    DateTimeOffset SentAt,
    CommandProgress Progress,
    DateTimeOffset? AnsweredAt,
    string? Error);

/// <summary>Why a command was not sent.</summary>
public enum CommandRefusal
{
    /// <summary>The viewer may not send commands (a manager), or not to this device (another operator's contract).</summary>
    NotAllowed,

    /// <summary>No such device, or not one the viewer may see.</summary>
    UnknownDevice,

    /// <summary>The device takes no switch/dim commands, or the level is out of 0..1.</summary>
    Invalid,

    /// <summary>The broker could not take the message.</summary>
    BrokerUnavailable,
}

/// <summary>The command sent, or why it was not (nothing was sent then).</summary>
public sealed record CommandSendResult(CommandStatus? Command, CommandRefusal? Refusal = null)
{
    public bool Sent => Command is not null;
}
