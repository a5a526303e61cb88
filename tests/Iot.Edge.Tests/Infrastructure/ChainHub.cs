using System.Net.Http.Json;
using System.Text.Json;
using Iot.Hub;
using Iot.Hub.Ingest;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Iot.Edge.Tests.Infrastructure;

/// <summary>
/// The real hub, in-process (Kestrel on a free loopback port, SQLite in a temp directory, the demo commune), in
/// <c>Mqtt:Mode=External</c> against the test's mosquitto: it ingests what the edge agent publishes there and sends
/// commands through it. A small copy of the hub tests' <c>HubInstance</c> (this project does not reference the hub
/// tests). Every API call goes through <see cref="SendAsync"/>, the one place to add credentials when the API asks for
/// them. Disposal stops the hub, deletes its files and fails the test if the hub logged an unexpected error.
/// </summary>
public sealed class ChainHub : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication _app;
    private readonly RecordingLoggerProvider _logs;
    private readonly HttpClient _http;

    private ChainHub(WebApplication app, RecordingLoggerProvider logs, string dataDir)
    {
        _app = app;
        _logs = logs;
        DataDir = dataDir;
        _http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        // The API requires a user: the demo technician (created by --demo; see the root README's demo users).
        _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("technician:technician-demo")));
    }

    public string DataDir { get; }

    /// <summary>Errors the test expects the hub to log (matched by substring), so they do not fail it.</summary>
    public List<string> ExpectedErrors { get; } = [];

    public static async Task<ChainHub> StartAsync(MosquittoFixture broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        var dataDir = Directory.CreateTempSubdirectory("iot-edge-chain-hub-").FullName;
        var logs = new RecordingLoggerProvider();
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--demo",
            "--Simulation:Enabled=false",
            "--Mqtt:Mode=External",
            "--Mqtt:Host=127.0.0.1",
            $"--Mqtt:Port={broker.Port}",
            "--Mqtt:ClientId=iot-hub-" + Guid.NewGuid().ToString("N")[..8],
            $"--Storage:DataDir={dataDir}",
            "--Logging:LogLevel:Default=Warning", // errors are still recorded (and fail the test); the console stays readable
        ];
        var app = HubApplication.Create(args, services => services.AddLogging(b => b.AddProvider(logs)));
        try
        {
            await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
            throw;
        }

        var hub = new ChainHub(app, logs, dataDir);
        var external = app.Services.GetRequiredService<ExternalBrokerClient>();
        await Poll.UntilAsync(() => external.IsReady, TimeSpan.FromSeconds(30), $"the hub connected and subscribed to mosquitto at {external.Endpoint}");
        return hub;
    }

    /// <summary>Every HTTP call of the chain tests: the one place where API credentials go.</summary>
    public async Task<(HttpResponseMessageStatus Status, JsonElement Body, Uri? Location)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        request.Headers.Add("X-Iot-User", "edge-chain-test");
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var json = text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return (new HttpResponseMessageStatus((int)response.StatusCode, text), json, response.Headers.Location);
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, path);
        return status.Code == 200 ? body : throw new InvalidOperationException($"GET {path}: {status.Code} {status.Text}");
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean /tmp.
        }

        var unexpected = _logs.Errors.Where(e => !ExpectedErrors.Exists(x => e.Contains(x, StringComparison.Ordinal))).ToList();
        Assert.True(unexpected.Count == 0, "The hub logged errors:\n" + string.Join('\n', unexpected));
    }
}

/// <summary>An HTTP status code with the response text, for failure messages.</summary>
public sealed record HttpResponseMessageStatus(int Code, string Text);
