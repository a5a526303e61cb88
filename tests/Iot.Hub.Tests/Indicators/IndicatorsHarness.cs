using Iot.City;
using Iot.Contracts;
using Iot.Hub.Detection;
using Iot.Hub.Devices;
using Iot.Hub.Indicators;
using Iot.Hub.Open311;
using Iot.Hub.Storage;
using Iot.Hub.Tests.Detection;
using Iot.Hub.Tickets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Iot.Hub.Tests.Indicators;

/// <summary>
/// The state recorder and the indicator service over the demo city, a real <c>hub.db</c> in a temp directory and a
/// fake clock. Histories are constructed by feeding the recorder messages and ticket changes at chosen instants.
/// </summary>
internal sealed class IndicatorsHarness : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("iot-indicators-").FullName;
    private readonly HubDatabase _database;

    public IndicatorsHarness(DateTimeOffset now, ICitizenReports? citizenReports = null)
    {
        Time = new FakeTimeProvider(now);
        var storage = Options.Create(new StorageOptions { DataDir = _dir });
        _database = new HubDatabase(storage, Time);
        Registry = RulesHarness.Demo.Value;
        Index = new CityIndex(Registry.City);
        States = new StateHistoryStore(_database);
        Tickets = new TicketStore(_database);
        Recorder = new StateRecorder(Registry, Index, States, Tickets, Options.Create(new DetectionOptions()), Time, NullLogger<StateRecorder>.Instance);
        Indicators = new IndicatorService(Index, States, _database, Options.Create(new DetectionOptions()), citizenReports is null ? [] : [citizenReports], Time);
    }

    /// <summary>Demo-sur-Mer's time zone: day boundaries are local midnights.</summary>
    public static TimeZoneInfo Paris { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public FakeTimeProvider Time { get; }

    public DeviceRegistry Registry { get; }

    public CityIndex Index { get; }

    public StateHistoryStore States { get; }

    public TicketStore Tickets { get; }

    public StateRecorder Recorder { get; }

    public IndicatorService Indicators { get; }

    public string DataDir => _dir;

    public HubDatabase Database => _database;

    public static long Ms(string isoUtc) => DateTimeOffset.Parse(isoUtc, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    /// <summary>Starts the recorder and waits until it has loaded hub.db (open tickets, last states) and runs its loop.</summary>
    public async Task StartAsync()
    {
        await Recorder.StartAsync(CancellationToken.None);
        await Recorder.FlushAsync(CancellationToken.None);
    }

    public void Telemetry(string deviceId, long atMs, params (string Name, MetricValue Value)[] metrics)
    {
        var device = Registry.FindDevice(deviceId)!;
        Recorder.OnTelemetry(device, new DecodedTelemetry(atMs, 1, [.. metrics.Select(m => new MetricReading(m.Name, m.Value))], []), atMs);
    }

    /// <summary>A ticket on a device, stored and told to the recorder as opened (and resolved, when given).</summary>
    public async Task<Ticket> TicketAsync(
        string deviceId, string rule, string severity, long openedMs, long? resolvedMs = null, long? acknowledgedMs = null,
        long? ackDueMs = null, long? repairDueMs = null)
    {
        var device = Registry.FindDevice(deviceId)!;
        var asset = Index.FindAsset(deviceId)!;
        var contract = Index.FindContract(asset, DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(openedMs).UtcDateTime));
        var ticket = new Ticket(
            0, $"{rule}:{deviceId}", TicketStatus.Open, rule, severity, device.Service, deviceId, null, device.Commune, device.District,
            device.Longitude, device.Latitude, $"{rule} on {deviceId}", contract?.OperatorId, contract?.Id, contract is null, null, openedMs,
            null, null, null, ackDueMs, repairDueMs, null, 0, openedMs);
        var id = await Tickets.InsertAsync(ticket, null, CancellationToken.None);
        ticket = ticket with { Id = id };
        Recorder.OnTicketChanged(new TicketChange(ticket, TicketChangeKind.Opened, "system", openedMs));
        if (acknowledgedMs is { } acked)
        {
            ticket = ticket with { Status = TicketStatus.Acknowledged, AcknowledgedAt = acked };
            await Tickets.UpdateAsync(ticket, null, CancellationToken.None);
            Recorder.OnTicketChanged(new TicketChange(ticket, TicketChangeKind.Acknowledged, "tech", acked));
        }

        if (resolvedMs is { } resolved)
        {
            ticket = ticket with { Status = TicketStatus.Resolved, ResolvedAt = resolved, Resolution = "auto" };
            await Tickets.UpdateAsync(ticket, null, CancellationToken.None);
            Recorder.OnTicketChanged(new TicketChange(ticket, TicketChangeKind.Resolved, "system", resolved));
        }

        return ticket;
    }

    public Task FlushAsync() => Recorder.FlushAsync(CancellationToken.None);

    public async Task<IndicatorPeriod> DayAsync(DateOnly day, string? service = null, string? operatorId = null, string? district = null) =>
        (await Indicators.QueryAsync(new IndicatorQuery("demo", day, day.AddDays(1), IndicatorGranularity.Day, service, operatorId, district), CancellationToken.None)).Periods[0];

    public async ValueTask DisposeAsync()
    {
        await Recorder.StopAsync(CancellationToken.None);
        Recorder.Dispose();
        _database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}

/// <summary>Citizen reports given by the test (the Open311 store's stand-in).</summary>
internal sealed class FakeCitizenReports(params CitizenReportFact[] facts) : ICitizenReports
{
    public Task<IReadOnlyList<CitizenReportFact>> ListAsync(long fromMs, long toMs, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CitizenReportFact>>(
            [.. facts.Where(f => (f.ReceivedMs >= fromMs && f.ReceivedMs < toMs) || (f.ClosedMs is { } c && c >= fromMs && c < toMs))]);
}
