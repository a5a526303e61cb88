using Iot.Access;
using Iot.Dashboard.Assets;
using Iot.Dashboard.Devices;
using Iot.Dashboard.Formatting;
using Iot.Dashboard.Live;
using Iot.Dashboard.Security;
using Iot.Dashboard.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace Iot.Dashboard.Tests.Infrastructure;

/// <summary>A viewer fixed by the test.</summary>
public sealed class FixedViewer(Viewer viewer) : ICurrentViewer
{
    public Viewer Viewer { get; set; } = viewer;

    public Task<Viewer> GetAsync() => Task.FromResult(Viewer);
}

/// <summary>Tickets kept in a list; records every query and action, and tells subscribers when the test says so.</summary>
public sealed class FakeTicketsView : ITicketsView
{
    private readonly List<Action<long>> _subscribers = [];

    public List<TicketRow> Tickets { get; } = [];

    public List<TicketTimelineEntry> Timeline { get; } = [];

    public List<(Viewer Viewer, TicketFilter Filter)> Queries { get; } = [];

    public List<(string Action, Viewer Viewer, long Id, string? Text)> Actions { get; } = [];

    public int Subscribers => _subscribers.Count;

    public void Raise(long id)
    {
        foreach (var subscriber in _subscribers.ToList())
        {
            subscriber(id);
        }
    }

    public Task<TicketPage> QueryAsync(Viewer viewer, TicketFilter filter, CancellationToken cancellationToken)
    {
        Queries.Add((viewer, filter));
        var matching = Tickets
            .Where(t => (filter.State is null || t.State == filter.State) && (filter.Service is null || t.Service == filter.Service)
                && (filter.OperatorId is null || t.OperatorId == filter.OperatorId) && (filter.Severity is null || t.Severity == filter.Severity)
                && (filter.DistrictId is null || t.DistrictId == filter.DistrictId))
            .ToList();
        return Task.FromResult(new TicketPage([.. matching.Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)], matching.Count));
    }

    public Task<TicketDetail?> FindAsync(Viewer viewer, long id, CancellationToken cancellationToken) =>
        Task.FromResult(Tickets.FirstOrDefault(t => t.Id == id) is { } t
            ? new TicketDetail(t, [.. Timeline], [.. Tickets.Where(c => c.ParentId == id)])
            : null);

    public Task<IReadOnlyList<TicketRow>> OpenOnAssetAsync(Viewer viewer, string assetId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TicketRow>>([.. Tickets.Where(t => t.AssetId == assetId && t.Unresolved)]);

    public Task<TicketActionResult> AcknowledgeAsync(Viewer viewer, long id, CancellationToken cancellationToken) =>
        Act("ack", viewer, id, null, t => t.State == TicketState.Open ? t with { State = TicketState.Acknowledged } : null);

    public Task<TicketActionResult> ResolveAsync(Viewer viewer, long id, string note, CancellationToken cancellationToken) =>
        Act("resolve", viewer, id, note, t => t.Unresolved ? t with { State = TicketState.Resolved } : null);

    public Task<TicketActionResult> CommentAsync(Viewer viewer, long id, string text, CancellationToken cancellationToken) =>
        Act("comment", viewer, id, text, t => t);

    public Task<TicketActionResult> CloseAsync(Viewer viewer, long id, string? note, CancellationToken cancellationToken) =>
        Act("close", viewer, id, note, t => t.State == TicketState.Resolved ? t with { State = TicketState.Closed } : null);

    public IDisposable Subscribe(Action<long> changed)
    {
        _subscribers.Add(changed);
        return new Unsubscriber(() => _subscribers.Remove(changed));
    }

    private Task<TicketActionResult> Act(string action, Viewer viewer, long id, string? text, Func<TicketRow, TicketRow?> change)
    {
        Actions.Add((action, viewer, id, text));
        var index = Tickets.FindIndex(t => t.Id == id);
        if (index < 0)
        {
            return Task.FromResult(new TicketActionResult(TicketActionOutcome.NotFound));
        }

        if (change(Tickets[index]) is not { } next)
        {
            return Task.FromResult(new TicketActionResult(TicketActionOutcome.Conflict));
        }

        Tickets[index] = next;
        return Task.FromResult(TicketActionResult.Done);
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

public sealed class FakeDevicesView : IDevicesView
{
    public List<DeviceRow> Rows { get; } = [];

    public IReadOnlyList<DeviceRow> List(Viewer viewer) => Rows;
}

public sealed class FakeAssetHistory : IAssetHistory
{
    public Dictionary<string, AssetSeries> Series { get; } = new(StringComparer.Ordinal);

    public Task<AssetSeries?> Last24HoursAsync(Viewer viewer, string assetId, CancellationToken cancellationToken) =>
        Task.FromResult(Series.GetValueOrDefault(assetId));
}

/// <summary>Commands kept in memory; the test answers them with <see cref="Answer"/>.</summary>
public sealed class FakeDeviceCommands(TimeProvider time) : IDeviceCommands
{
    public List<(Viewer Viewer, string AssetId, DeviceCommand Command)> Sent { get; } = [];

    public Dictionary<string, CommandStatus> Known { get; } = new(StringComparer.Ordinal);

    public bool Accepts(string assetId) => assetId.StartsWith("LAMP-", StringComparison.Ordinal) || assetId.StartsWith("CAB-", StringComparison.Ordinal);

    public Task<CommandSendResult> SendAsync(Viewer viewer, string assetId, DeviceCommand command, CancellationToken cancellationToken)
    {
        Sent.Add((viewer, assetId, command));
        var status = new CommandStatus($"cmd-{Sent.Count}", assetId, command, viewer.Name, time.GetUtcNow(), CommandProgress.Sent, null, null);
        Known[status.Id] = status;
        return Task.FromResult(new CommandSendResult(status));
    }

    public CommandStatus? Find(Viewer viewer, string commandId) => Known.GetValueOrDefault(commandId);

    public void Answer(string id, bool ok, string? error = null) =>
        Known[id] = Known[id] with { Progress = ok ? CommandProgress.Succeeded : CommandProgress.Refused, AnsweredAt = time.GetUtcNow(), Error = error };
}

public static class FakeViewsExtensions
{
    public static readonly Viewer Admin = new("alice", HubRoles.Admin, null);

    /// <summary>Registers the fakes of every view the pages use, and the city clock of <paramref name="source"/>'s city.</summary>
    public static IServiceCollection AddFakeViews(this IServiceCollection services, FakeAssetSource source, TimeProvider time, Viewer? viewer = null)
    {
        services.AddSingleton(new FixedViewer(viewer ?? Admin));
        services.AddSingleton<ICurrentViewer>(sp => sp.GetRequiredService<FixedViewer>());
        services.AddSingleton<FakeTicketsView>();
        services.AddSingleton<ITicketsView>(sp => sp.GetRequiredService<FakeTicketsView>());
        services.AddSingleton<FakeDevicesView>();
        services.AddSingleton<IDevicesView>(sp => sp.GetRequiredService<FakeDevicesView>());
        services.AddSingleton<FakeAssetHistory>();
        services.AddSingleton<IAssetHistory>(sp => sp.GetRequiredService<FakeAssetHistory>());
        services.AddSingleton(new FakeDeviceCommands(time));
        services.AddSingleton<IDeviceCommands>(sp => sp.GetRequiredService<FakeDeviceCommands>());
        services.AddSingleton(new CityClock(source.City));
        services.AddSingleton<ILiveAssetSource>(source);
        return services;
    }
}
