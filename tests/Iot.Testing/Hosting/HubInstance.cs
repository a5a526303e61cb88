using System.Net.Http.Headers;
using System.Net.Http.Json;
using Iot.Hub;
using Iot.Hub.Agents;
using Iot.Hub.Devices;
using Iot.Hub.Ingest;
using Iot.Hub.Users;
using Iot.Testing.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MQTTnet;
using Xunit;

namespace Iot.Testing.Hosting;

/// <summary>
/// A real hub (Kestrel on a loopback port, the embedded broker on another, SQLite in a temp directory) with the demo
/// commune loaded. Disposal stops it, deletes its files and fails the test if the hub logged an unexpected error.
/// <see cref="Http"/> is signed in (HTTP Basic) as an admin created through the hub's own <see cref="UserStore"/>;
/// <see cref="AddUserAsync"/> and <see cref="ClientFor"/> give clients of other users, <see cref="AnonymousClient"/> none.
/// The demo users are not created (<c>Users:CreateDemoUsers=false</c>: six PBKDF2 hashes per start add up over the
/// suite) unless a test asks for them with <c>--Users:CreateDemoUsers=true</c>.
/// With an external broker (<c>externalBroker</c> of <see cref="StartAsync"/>, the edge chain tests), the hub is a client
/// of a <see cref="MosquittoFixture"/> instead of hosting its own broker, and is ready once subscribed there.
/// </summary>
public sealed class HubInstance : IAsyncDisposable
{
    /// <summary>Generous: starting and stopping a whole hub on a shared, loaded machine.</summary>
    private static readonly TimeSpan StartStopLimit = TimeSpan.FromSeconds(60);

    private readonly WebApplication _app;
    private readonly RecordingLoggerProvider _logs;
    private readonly bool _ownsDataDir;

    private readonly List<HttpClient> _clients = [];
    private readonly Dictionary<string, HttpClient> _users = new(StringComparer.OrdinalIgnoreCase);

    private HubInstance(WebApplication app, RecordingLoggerProvider logs, string dataDir, bool ownsDataDir, int mqttPort, string adminName, string adminPassword)
    {
        _app = app;
        _logs = logs;
        _ownsDataDir = ownsDataDir;
        DataDir = dataDir;
        MqttPort = mqttPort;
        AdminName = adminName;
        BaseAddress = new Uri(app.Urls.First());
        Http = ClientFor(adminName, adminPassword);
    }

    public Uri BaseAddress { get; }

    /// <summary>The admin <see cref="Http"/> signs in as (the actor of its ticket changes and commands).</summary>
    public string AdminName { get; }

    public string DataDir { get; }

    public int MqttPort { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public DeviceRegistry Registry => Services.GetRequiredService<DeviceRegistry>();

    public IngestStats Stats => Services.GetRequiredService<IngestStats>();

    /// <summary>The client of the external broker (<c>Mqtt:Mode=External</c>).</summary>
    public ExternalBrokerClient External => Services.GetRequiredService<ExternalBrokerClient>();

    /// <summary>Errors the test expects the hub to log (matched by substring), so they do not fail it.</summary>
    public List<string> ExpectedErrors { get; } = [];

    /// <param name="extraArgs">Settings added after the defaults (later ones win), e.g. <c>MosquittoFixture.HubArgs</c>.</param>
    /// <param name="configureServices">Replaces or decorates the hub's services.</param>
    /// <param name="dataDir">A data directory owned by the caller (kept on disposal), to restart a hub on the same data.</param>
    /// <param name="externalBroker">
    /// Runs the hub in <c>Mqtt:Mode=External</c> against this broker, with a client id of its own, and returns once it is
    /// connected and subscribed there (<see cref="WaitUntilSubscribedAsync"/>).
    /// </param>
    public static async Task<HubInstance> StartAsync(
        IEnumerable<string>? extraArgs = null, Action<IServiceCollection>? configureServices = null, string? dataDir = null, MosquittoFixture? externalBroker = null)
    {
        var ownsDataDir = dataDir is null;
        dataDir ??= Directory.CreateTempSubdirectory("iot-hub-test-").FullName;
        // The broker's port is found free, then bound by the hub a moment later; another test process may take it in
        // between. Then the hub is started again on another port (unless the caller chose the port itself).
        var extra = extraArgs?.ToArray() ?? [];
        var portChosenByCaller = extra.Any(a => a.StartsWith("--Mqtt:Port", StringComparison.Ordinal));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(extra, configureServices, dataDir, ownsDataDir, externalBroker);
            }
            catch (Exception e) when (attempt < 3 && !portChosenByCaller && IsAddressInUse(e))
            {
                // another port, same data directory (StartOnceAsync kept it: the caller's or ours)
            }
            catch (Exception e) when (ownsDataDir && IsAddressInUse(e))
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(dataDir, recursive: true);
                throw;
            }
        }
    }

    private static bool IsAddressInUse(Exception e) =>
        e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse }
        || (e.InnerException is { } inner && IsAddressInUse(inner));

    private static async Task<HubInstance> StartOnceAsync(
        string[] extraArgs, Action<IServiceCollection>? configureServices, string dataDir, bool ownsDataDir, MosquittoFixture? externalBroker)
    {
        var mqttPort = FreeTcpPort.Next();
        var logs = new RecordingLoggerProvider();
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--demo",
            "--Simulation:Enabled=false",
            $"--Mqtt:Port={mqttPort}",
            "--Mqtt:BindAddress=127.0.0.1",
            $"--Storage:DataDir={dataDir}",
            "--Users:CreateDemoUsers=false",
            .. externalBroker?.HubArgs(clientId: "iot-hub-" + Guid.NewGuid().ToString("N")[..8]) ?? [],
            .. extraArgs,
        ];
        var app = HubApplication.Create(args, services =>
        {
            services.AddLogging(b => b.AddProvider(logs));
            configureServices?.Invoke(services);
        });
        try
        {
            await app.StartAsync().WaitAsync(StartStopLimit);
        }
        catch (Exception e)
        {
            // A hub that fails to start (the configuration tests) leaves no temp directory behind; one that lost its
            // port is started again by the caller on the same directory.
            await app.DisposeAsync();
            if (ownsDataDir && !IsAddressInUse(e))
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(dataDir, recursive: true);
            }

            throw;
        }

        // Through the real store, as `users add` does; a name of its own so a restart on the same data adds another.
        var adminName = "test-admin-" + Guid.NewGuid().ToString("N")[..8];
        var adminPassword = UserStore.NewPassword();
        await app.Services.GetRequiredService<UserStore>().AddAsync(adminName, "admin", null, adminPassword, CancellationToken.None);
        var hub = new HubInstance(app, logs, dataDir, ownsDataDir, mqttPort, adminName, adminPassword);
        if (externalBroker is not null)
        {
            try
            {
                await hub.WaitUntilSubscribedAsync();
            }
            catch
            {
                await hub.DisposeAsync();
                throw;
            }
        }

        return hub;
    }

    /// <summary>Creates a user through the hub's store; returns its password.</summary>
    public async Task<string> AddUserAsync(string name, string role, string? operatorId = null)
    {
        var password = UserStore.NewPassword();
        await Services.GetRequiredService<UserStore>().AddAsync(name, role, operatorId, password, CancellationToken.None);
        return password;
    }

    /// <summary>A client signed in (HTTP Basic) as this user, created through the hub's store on first use; disposed with the hub.</summary>
    public async Task<HttpClient> ClientAsync(string name, string role, string? operatorId = null)
    {
        if (!_users.TryGetValue(name, out var client))
        {
            client = ClientFor(name, await AddUserAsync(name, role, operatorId));
            _users[name] = client;
        }

        return client;
    }

    /// <summary>A client sending these credentials (HTTP Basic) with every request, disposed with the hub.</summary>
    public HttpClient ClientFor(string name, string password)
    {
        var client = AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{name}:{password}")));
        return client;
    }

    /// <summary>A client without credentials, disposed with the hub.</summary>
    public HttpClient AnonymousClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _clients.Add(client);
        return client;
    }

    public async Task<string> AddAgentAsync(string agentId) =>
        await Services.GetRequiredService<AgentCredentialStore>().AddAsync(agentId, CancellationToken.None)
        ?? throw new InvalidOperationException($"agent {agentId} already has credentials");

    /// <summary>Connects an MQTT 5 client as <paramref name="agentId"/>; throws when the CONNACK is a refusal.</summary>
    public async Task<IMqttClient> ConnectAsync(string agentId, string secret, MqttApplicationMessage? will = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", MqttPort)
            .WithClientId(agentId)
            .WithCredentials(agentId, secret)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(30));
        if (will is not null)
        {
            options.WithWillTopic(will.Topic).WithWillPayload(System.Buffers.BuffersExtensions.ToArray(will.Payload)).WithWillQualityOfServiceLevel(will.QualityOfServiceLevel).WithWillRetain(will.Retain);
        }

        var result = await client.ConnectAsync(options.Build());
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            client.Dispose();
            throw new ConnectRefusedException(result.ResultCode);
        }

        return client;
    }

    /// <summary>Waits until the hub is connected and subscribed to its external broker.</summary>
    public Task WaitUntilSubscribedAsync() =>
        Poll.UntilAsync(() => External.IsReady, TimeSpan.FromSeconds(30), () => $"the hub connected and subscribed to the broker at {External.Endpoint}");

    public async Task<T> GetAsync<T>(string path) =>
        await Http.GetFromJsonAsync<T>(path, TestJson.Options) ?? throw new InvalidOperationException($"GET {path} returned null");

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _app.StopAsync().WaitAsync(StartStopLimit);
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsDataDir)
        {
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean /tmp; not worth failing a test over.
            }
        }

        var unexpected = _logs.Errors.Where(e => !ExpectedErrors.Exists(x => e.Contains(x, StringComparison.Ordinal))).ToList();
        Assert.True(unexpected.Count == 0, "The hub logged errors:\n" + string.Join('\n', unexpected));
    }
}
