using Iot.Access;
using Iot.Dashboard.Live;
using Iot.Dashboard.Security;
using Iot.Dashboard.Tickets;
using Microsoft.AspNetCore.Components;

namespace Iot.Dashboard.Components.Pages;

/// <summary>
/// One ticket: its fields, SLA clock, children, timeline (the audit trail) and the actions the viewer may take now.
/// A button that cannot be used is disabled and says why. The page reloads when the ticket changes (pushed, coalesced).
/// </summary>
public sealed partial class TicketView : IDisposable
{
    private TicketDetail? _detail;
    private bool _loaded;
    private bool _busy;
    private string? _note;
    private string? _comment;
    private TicketActionResult? _result;
    private DateTimeOffset _now;
    private Viewer? _viewer;
    private IDisposable? _subscription;
    private CoalescedRefresh? _reload;
    private ITimer? _tick;
    private bool _disposed;

    [Parameter]
    public long Id { get; set; }

    [Inject]
    private ITicketsView Tickets { get; set; } = null!;

    private Viewer Viewer => _viewer!;

    private TicketState? State => _detail?.Ticket.State;

    /// <summary>Why acknowledging is not possible now; null when it is.</summary>
    internal string? AckBlocked =>
        !Viewer.CanActOnTickets ? P["NotAllowedForRole"].Value
        : State != TicketState.Open ? P["AckOnlyOpen", P[$"TicketState_{State}"]].Value
        : null;

    private string? ResolveBlockedByState =>
        !Viewer.CanActOnTickets ? P["NotAllowedForRole"].Value
        : State is not (TicketState.Open or TicketState.Acknowledged) ? P["ResolveOnlyUnresolved", P[$"TicketState_{State}"]].Value
        : null;

    internal string? ResolveBlocked => ResolveBlockedByState ?? (string.IsNullOrWhiteSpace(_note) ? P["NoteRequired"].Value : null);

    private string? CommentBlockedByState =>
        !Viewer.CanActOnTickets ? P["NotAllowedForRole"].Value
        : State == TicketState.Closed ? P["CommentClosed"].Value
        : null;

    internal string? CommentBlocked => CommentBlockedByState ?? (string.IsNullOrWhiteSpace(_comment) ? P["TextRequired"].Value : null);

    protected override async Task OnInitializedAsync()
    {
        _viewer = await CurrentViewer.GetAsync();
        _reload = new CoalescedRefresh(Time, TicketList.ReloadDelay, () => InvokeAsync(ReloadAsync));
        _tick = Time.CreateTimer(_ => _ = InvokeAsync(Tick), null, TicketList.ClockTick, TicketList.ClockTick);
        _subscription = Tickets.Subscribe(OnTicketChanged);
    }

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _detail = await Tickets.FindAsync(Viewer, Id, CancellationToken.None);
        _now = Time.GetUtcNow();
        _loaded = true;
    }

    private Task AcknowledgeAsync() => ActAsync(() => Tickets.AcknowledgeAsync(Viewer, Id, CancellationToken.None));

    private async Task ResolveAsync()
    {
        await ActAsync(() => Tickets.ResolveAsync(Viewer, Id, _note ?? "", CancellationToken.None));
        if (_result?.Succeeded == true)
        {
            _note = null;
        }
    }

    private async Task CommentAsync()
    {
        await ActAsync(() => Tickets.CommentAsync(Viewer, Id, _comment ?? "", CancellationToken.None));
        if (_result?.Succeeded == true)
        {
            _comment = null;
        }
    }

    private Task CloseAsync() => ActAsync(() => Tickets.CloseAsync(Viewer, Id, null, CancellationToken.None));

    private async Task ActAsync(Func<Task<TicketActionResult>> action)
    {
        _busy = true;
        try
        {
            _result = await action();
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private string ResultText(TicketActionResult result) => P[$"Outcome_{result.Outcome}"];

    /// <summary>The audit action in words; an action this page has no words for is shown as recorded.</summary>
    private string ActionName(string action)
    {
        var text = P[$"Action_{action}"];
        return text.ResourceNotFound ? action : text.Value;
    }

    private void OnTicketChanged(long id)
    {
        if (id == Id)
        {
            _reload?.Request();
        }
    }

    private async Task ReloadAsync()
    {
        if (!_disposed)
        {
            await LoadAsync();
            StateHasChanged();
        }
    }

    private void Tick()
    {
        if (!_disposed)
        {
            _now = Time.GetUtcNow();
            StateHasChanged();
        }
    }

    private string DistrictName(string? id) => Source.City.DistrictName(id) ?? "—";

    private string OperatorName(string id) => Source.City.OperatorName(id);

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
        _reload?.Dispose();
        _tick?.Dispose();
    }
}
