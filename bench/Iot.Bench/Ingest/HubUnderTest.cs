using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Iot.Hub.Agents;
using Iot.Hub.Storage;
using Iot.Hub.Users;
using Microsoft.Extensions.Options;

namespace Iot.Bench.Ingest;

/// <summary>The hub as a separate process (the <c>Iot.Hub</c> binary copied next to the benchmark), with its own data dir.</summary>
internal sealed class HubUnderTest : IAsyncDisposable
{
    private readonly ServerProcess _process;
    private readonly string _dataDir;

    private HubUnderTest(ServerProcess process, string dataDir, int httpPort, string adminPassword)
    {
        _process = process;
        _dataDir = dataDir;
        AdminPassword = adminPassword;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        // The API needs a signed-in user: the benchmark's admin, over HTTP Basic.
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{AdminName}:{adminPassword}")));
    }

    /// <summary>The benchmark's admin user, for signing a browser in at /login.</summary>
    public const string AdminName = "bench-admin";

    public string AdminPassword { get; }

    public HttpClient Http { get; }

    /// <summary>What the hub logged (warnings and errors: the benchmark runs it at Warning level).</summary>
    public string Output => _process.Output;

    /// <summary>Creates credentials for <paramref name="agentIds"/> in a fresh data dir, then starts the hub with <paramref name="settings"/>.</summary>
    public static async Task<(HubUnderTest Hub, IReadOnlyDictionary<string, string> Secrets)> StartAsync(
        string cityFile, int mqttPort, IEnumerable<string> agentIds, IEnumerable<string> settings, CancellationToken cancellationToken)
    {
        var dataDir = Directory.CreateTempSubdirectory("iot-bench-hub-").FullName;
        using var database = new HubDatabase(Options.Create(new StorageOptions { DataDir = dataDir }), TimeProvider.System);
        var credentials = new AgentCredentialStore(database, TimeProvider.System);
        var adminPassword = UserStore.NewPassword();
        await new UserStore(database, TimeProvider.System).AddAsync(AdminName, "admin", null, adminPassword, cancellationToken);
        var secrets = new Dictionary<string, string>();
        foreach (var agent in agentIds)
        {
            secrets[agent] = (await credentials.AddAsync(agent, cancellationToken))!;
        }

        var httpPort = ServerProcess.FreePort();
        var process = ServerProcess.Start("hub", Path.Combine(AppContext.BaseDirectory, "Iot.Hub"),
        [
            $"--City:File={cityFile}", $"--Storage:DataDir={dataDir}", $"--Mqtt:Port={mqttPort}", "--Mqtt:BindAddress=127.0.0.1",
            "--urls", $"http://127.0.0.1:{httpPort}", "--Logging:LogLevel:Default=Warning", .. settings,
        ]);
        var hub = new HubUnderTest(process, dataDir, httpPort, adminPassword);
        await process.WaitForPortAsync(httpPort, TimeSpan.FromSeconds(60));
        return (hub, secrets);
    }

    public async Task<JsonElement> StatsAsync(CancellationToken cancellationToken) =>
        await Http.GetFromJsonAsync<JsonElement>("/api/ingest/stats", cancellationToken);

    /// <summary>Ingest counters (without the histogram) and health, for a loss report.</summary>
    public async Task<string> DiagnosticsAsync()
    {
        var stats = (await StatsAsync(CancellationToken.None)).EnumerateObject().Where(p => p.Name != "storedLatencyHistogramMs").Select(p => $"{p.Name}={p.Value}");
        using var health = await Http.GetAsync("/healthz");
        return string.Join(", ", stats) + $"; /healthz {(int)health.StatusCode} {await health.Content.ReadAsStringAsync()}";
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }
}
