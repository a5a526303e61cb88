using Iot.City;
using Iot.Contracts;
using Iot.Hub.Devices;
using Iot.Hub.Storage;
using Iot.Hub.Tickets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Tests.Tickets;

/// <summary>A ticket service on a temp hub.db, the demo city and a fake clock; restartable on the same database.</summary>
internal sealed class TicketServiceHarness : IAsyncDisposable
{
    private static readonly Lazy<DeviceRegistry> DemoRegistry = new(() =>
        new DeviceRegistry(CityLoader.Load(Path.Combine(AppContext.BaseDirectory, "cities", "demo.city.json"))));

    private readonly TicketOptions _options;

    private TicketServiceHarness(string dataDir, FakeTimeProvider time, TicketOptions options)
    {
        DataDir = dataDir;
        Time = time;
        _options = options;
    }

    public string DataDir { get; }

    public FakeTimeProvider Time { get; }

    public TicketService Service { get; private set; } = null!;

    public TicketStore Store { get; private set; } = null!;

    public List<TicketChange> Changes { get; } = [];

    public static async Task<TicketServiceHarness> StartAsync(TicketOptions? options = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.Zero));
        var harness = new TicketServiceHarness(Directory.CreateTempSubdirectory("iot-tickets-").FullName, time, options ?? new TicketOptions { HoldDownSeconds = 300, FlapWindowSeconds = 3600 });
        await harness.StartServiceAsync();
        return harness;
    }

    public long Now => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Stops the service (as a hub shutdown would) and starts a new one on the same database.</summary>
    public async Task RestartAsync()
    {
        await Service.StopAsync(CancellationToken.None);
        Service.Dispose();
        await StartServiceAsync();
    }

    public async Task FlushAsync() => await Service.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Moves the fake clock and lets the timers' work run.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        await FlushAsync();
        Time.Advance(by);
        await FlushAsync();
    }

    public static ProblemSignal Lamp(string lampId, long atMs, string rule = RuleNames.LampFault, string? parentKey = null, string severity = "high")
    {
        var device = DemoRegistry.Value.FindDevice(lampId)!;
        return new ProblemSignal($"{rule}:{lampId}", rule, ServiceKind.Streetlight, severity, lampId, null, "demo", device.Longitude, device.Latitude, $"{lampId} is dark", parentKey, atMs);
    }

    public static ProblemSignal Cabinet(string cabinetId, long atMs)
    {
        var device = DemoRegistry.Value.FindDevice(cabinetId)!;
        return new ProblemSignal($"{RuleNames.CabinetSupplyLoss}:{cabinetId}", RuleNames.CabinetSupplyLoss, ServiceKind.Cabinet, "critical", null, cabinetId, "demo", device.Longitude, device.Latitude, $"{cabinetId} lost its supply", null, atMs);
    }

    public async Task<IReadOnlyList<Ticket>> AllAsync() => (await Store.QueryAsync(new TicketQuery(PageSize: 500), CancellationToken.None)).Items;

    public async ValueTask DisposeAsync()
    {
        await Service.StopAsync(CancellationToken.None);
        Service.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task StartServiceAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ITicketObserver>(new RecordingObserver(Changes));
        var provider = services.BuildServiceProvider();
        var database = new HubDatabase(Options.Create(new StorageOptions { DataDir = DataDir }), Time);
        Store = new TicketStore(database);
        Service = new TicketService(
            Store, new TicketRouter(new CityIndex(DemoRegistry.Value.City)), DemoRegistry.Value, Time, Options.Create(_options), new Iot.Hub.Internal.ObserverList<ITicketObserver>(provider),
            NullLogger<TicketService>.Instance);
        await Service.StartAsync(CancellationToken.None);
        await Service.Loaded.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private sealed class RecordingObserver(List<TicketChange> changes) : ITicketObserver
    {
        public void OnTicketChanged(TicketChange change)
        {
            lock (changes)
            {
                changes.Add(change);
            }
        }
    }
}
