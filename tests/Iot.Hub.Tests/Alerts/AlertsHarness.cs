using Iot.City;
using Iot.Hub.Alerts;
using Iot.Hub.City;
using Iot.Hub.Devices;
using Iot.Hub.Storage;
using Iot.Hub.Tickets;
using Iot.Testing;
using Iot.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Iot.Hub.Tests.Alerts;

/// <summary>
/// The alert service alone (no hub, no dispatcher) on a fake clock, with the timer scheduler standing in for Quartz and a
/// real hub.db in <see cref="DataDir"/>: what a step queues is read back from the outbox. Start another harness on the same
/// directory, clock and ticket directory to play a restart.
/// </summary>
internal sealed class AlertsHarness : IAsyncDisposable
{
    private static readonly Lazy<CityModel> DemoCity = new(() => CityLoader.Load(CityExtensions.DemoCityPath));
    private readonly ServiceProvider _provider;
    private readonly RecordingLoggerProvider _logs = new();

    private AlertsHarness(FakeTimeProvider time, InMemoryTicketDirectory directory, string dataDir, Action<AlertsOptions>? configure)
    {
        Time = time;
        Directory = directory;
        DataDir = dataDir;
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(_logs));
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(new DeviceRegistry(DemoCity.Value));
        services.AddOptions<StorageOptions>().Configure(o => o.DataDir = dataDir);
        services.AddSingleton<HubDatabase>();
        services.AddOptions<AlertsOptions>().Configure(o =>
        {
            o.Subscriptions.Add(new AlertSubscriptionOptions { OperatorId = "OP-LIGHT", WebhookUrl = "http://127.0.0.1:9/hook", WebhookSecret = "0123456789abcdef0123", EmailEnabled = false });
            o.Escalation.Add(new EscalationContactOptions { CommuneId = "demo", WebhookUrl = "http://127.0.0.1:9/commune", WebhookSecret = "0123456789abcdef0123" });
            configure?.Invoke(o);
        });
        services.AddSingleton<AlertOutbox>();
        services.AddSingleton<AlertDispatcher>();
        services.AddSingleton<AlertService>();
        services.AddSingleton<ITicketDirectory>(directory);
        services.AddSingleton(typeof(Iot.Hub.Internal.Deferred<>));
        services.AddSingleton<TimerReminderScheduler>();
        services.AddSingleton<IReminderScheduler>(sp => sp.GetRequiredService<TimerReminderScheduler>());
        _provider = services.BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; }

    public InMemoryTicketDirectory Directory { get; }

    public string DataDir { get; }

    public AlertService Service => _provider.GetRequiredService<AlertService>();

    public AlertOutbox Outbox => _provider.GetRequiredService<AlertOutbox>();

    public TimerReminderScheduler Scheduler => _provider.GetRequiredService<TimerReminderScheduler>();

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public static async Task<AlertsHarness> StartAsync(
        FakeTimeProvider? time = null, InMemoryTicketDirectory? directory = null, string? dataDir = null, Action<AlertsOptions>? configure = null)
    {
        var harness = new AlertsHarness(
            time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero)),
            directory ?? new InMemoryTicketDirectory(),
            dataDir ?? System.IO.Directory.CreateTempSubdirectory("iot-alerts-test-").FullName,
            configure);
        await harness.Service.StartAsync(CancellationToken.None);
        await harness.Service.Replanned.WaitAsync(TimeSpan.FromSeconds(30));
        return harness;
    }

    /// <summary>Tells the service of a change (after putting the ticket in the directory) and waits until it is handled.</summary>
    public async Task ChangeAsync(Ticket ticket, TicketChangeKind kind)
    {
        Directory.Put(ticket);
        var before = Service.Handled;
        Service.OnTicketChanged(new TicketChange(ticket, kind, "system", NowMs));
        await Poll.UntilAsync(() => Service.Handled > before, TimeSpan.FromSeconds(30), $"the {kind} change of ticket {ticket.Id} handled");
    }

    public async Task<IReadOnlyList<AlertDelivery>> DeliveriesAsync(long ticketId, string? alertEvent = null) =>
        [.. (await Outbox.ListAsync(ticketId, null, 1000, CancellationToken.None)).Where(d => alertEvent is null || d.Event == alertEvent)];

    /// <summary>Waits until the step's deliveries are queued (a timer fired and its asynchronous work finished).</summary>
    public Task WaitForEventAsync(long ticketId, string alertEvent, int count) =>
        Poll.UntilAsync(
            async () => (await DeliveriesAsync(ticketId, alertEvent)).Count >= count, TimeSpan.FromSeconds(30), $"{count} {alertEvent} deliveries of ticket {ticketId}");

    public async ValueTask DisposeAsync()
    {
        await Service.StopAsync(CancellationToken.None);
        await _provider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.True(_logs.Errors.Count == 0, "The alert service logged errors:\n" + string.Join('\n', _logs.Errors));
    }
}
