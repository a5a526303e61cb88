using System.Globalization;
using Iot.Access;
using Iot.City;
using Iot.Dashboard.Assets;
using Iot.Dashboard.Formatting;
using Iot.Dashboard.Resources;
using Iot.Dashboard.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Iot.Dashboard.Components.Map;

/// <summary>
/// The side panel's commands. Each one is confirmed in a dialog that names the device and the action; then the command's
/// state is shown live: sent, acknowledged by the device, refused with the device's reason, or expired. The state is read
/// from the hub's memory every <see cref="FollowEvery"/> while the command is pending, and no longer after.
/// </summary>
public sealed partial class AssetCommands : IDisposable
{
    internal static readonly TimeSpan FollowEvery = TimeSpan.FromMilliseconds(250);

    private bool _accepts;
    private string? _loadedFor;
    private Viewer? _viewer;
    private int _dimPercent = 50;
    private bool _sending;
    private CommandStatus? _command;
    private CommandRefusal? _refusal;
    private ITimer? _follow;
    private bool _disposed;

    [Parameter, EditorRequired]
    public Asset Asset { get; set; } = null!;

    [Inject]
    private IDeviceCommands Commands { get; set; } = null!;

    [Inject]
    private ICurrentViewer CurrentViewer { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [Inject]
    private CityClock Clock { get; set; } = null!;

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    [Inject]
    private IStringLocalizer<PageStrings> P { get; set; } = null!;

    /// <summary>Why the viewer cannot send commands; null when they can.</summary>
    internal string? Blocked => _viewer is { CanCommand: true } ? null : P["CommandNotAllowed"].Value;

    private string? ReasonId => Blocked is null ? null : "command-reason";

    private string ProgressName => _refusal is not null ? "refused-unsent" : _command?.Progress.ToString().ToLowerInvariant() ?? "none";

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedFor == Asset.Id)
        {
            return;
        }

        _loadedFor = Asset.Id;
        _viewer ??= await CurrentViewer.GetAsync();
        _accepts = Commands.Accepts(Asset.Id);
        _command = null;
        _refusal = null;
        _follow?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Asks for confirmation, then sends; nothing is sent when the dialog is cancelled.</summary>
    internal async Task ConfirmAndSendAsync(DeviceCommand command)
    {
        if (Blocked is not null || _viewer is null)
        {
            return;
        }

        var confirmed = await Dialogs.ShowMessageBoxAsync(
            P["ConfirmTitle"], P["ConfirmText", CommandName(command), Asset.Id], yesText: P["Send"], cancelText: P["Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        _sending = true;
        try
        {
            var result = await Commands.SendAsync(_viewer, Asset.Id, command, CancellationToken.None);
            _command = result.Command;
            _refusal = result.Refusal;
            if (result.Sent)
            {
                _follow ??= Time.CreateTimer(_ => _ = InvokeAsync(Follow), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _follow.Change(FollowEvery, FollowEvery);
            }
        }
        finally
        {
            _sending = false;
        }
    }

    private void Follow()
    {
        if (_disposed || _command is not { Progress: CommandProgress.Sent } pending || _viewer is null)
        {
            _follow?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var now = Commands.Find(_viewer, pending.Id);
        if (now is null || now == pending)
        {
            return;
        }

        _command = now;
        if (now.Progress != CommandProgress.Sent)
        {
            _follow?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        StateHasChanged();
    }

    internal string CommandName(DeviceCommand command) => command switch
    {
        { Action: "switch", On: true } => P["CommandSwitchOn"],
        { Action: "switch" } => P["CommandSwitchOff"],
        { Action: "dim", Level: { } level } => P["CommandDim", (level * 100).ToString("0", CultureInfo.CurrentCulture)],
        _ => command.Action,
    };

    private string ProgressText(CommandStatus command) => command.Progress switch
    {
        CommandProgress.Sent => P["ProgressSent", Clock.FormatTime(command.SentAt, Asset.CommuneId)],
        CommandProgress.Succeeded => P["ProgressSucceeded", Clock.FormatTime(command.AnsweredAt ?? command.SentAt, Asset.CommuneId)],
        CommandProgress.Refused => P["ProgressRefused", command.Error ?? "—"],
        _ => P["ProgressExpired"],
    };

    private static Severity AlertSeverity(CommandProgress progress) => progress switch
    {
        CommandProgress.Succeeded => Severity.Success,
        CommandProgress.Sent => Severity.Info,
        _ => Severity.Error,
    };

    private static string ProgressIcon(CommandProgress progress) => progress switch
    {
        CommandProgress.Succeeded => Icons.Material.Filled.CheckCircle,
        CommandProgress.Sent => Icons.Material.Filled.HourglassTop,
        CommandProgress.Refused => Icons.Material.Filled.Block,
        _ => Icons.Material.Filled.TimerOff,
    };

    public void Dispose()
    {
        _disposed = true;
        _follow?.Dispose();
    }
}
