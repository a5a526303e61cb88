using System.Diagnostics;
using Iot.Contracts;
using Iot.Hub.Agents;
using Iot.Hub.Ingest;
using Iot.Hub.Storage;
using Iot.Hub.Tests.Ingest;
using Iot.Testing;
using Iot.Testing.Hosting;
using Iot.Testing.Servers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;
using MQTTnet.Protocol;

namespace Iot.Hub.Tests.Agents;

/// <summary><c>agents export-mosquitto</c>: files a real mosquitto loads and enforces.</summary>
public sealed class ExportMosquittoTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly string _dir = Directory.CreateTempSubdirectory("iot-export-test-").FullName;

    private string DataDir => Path.Combine(_dir, "data");

    private string ExportDir => Path.Combine(_dir, "mosquitto");

    [Fact]
    public async Task Hash_IsWhatMosquittoPasswdWritesForTheSameSalt()
    {
        var file = Path.Combine(_dir, "reference");
        using (var process = Process.Start(new ProcessStartInfo("mosquitto_passwd") { ArgumentList = { "-c", "-b", file, "someone", "s3cret-ü" } })
            ?? throw new InvalidOperationException("mosquitto_passwd did not start; ./test.sh installs mosquitto"))
        {
            await process.WaitForExitAsync().WaitAsync(Timeout);
            Assert.Equal(0, process.ExitCode);
        }

        var reference = MosquittoFiles.FindHash(await File.ReadAllTextAsync(file), "someone")!;
        var parts = reference.Split('$'); // "", "7", iterations, salt, hash
        Assert.Equal("7", parts[1]);
        Assert.Equal(reference, MosquittoPasswords.Hash("s3cret-ü", Convert.FromBase64String(parts[3]), int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Matches(@"^\$7\$101\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$", MosquittoPasswords.Hash("x"));
    }

    [Fact]
    public async Task ExportedFiles_LoadedByMosquitto_OwnerPublishes_OtherAgentAndWrongPasswordRefused_HubReceivesAndCommands()
    {
        var secret1 = (await RunAsync("add", "CAB-001")).Stdout.Trim();
        var secret2 = (await RunAsync("add", "CAB-002")).Stdout.Trim();
        var export = await RunAsync("export-mosquitto", ExportDir, "--demo", "--hub-password=hub-pw-123");
        Assert.True(export.Code == 0, export.Stderr);
        Assert.Empty(export.Stdout); // the hub's password was given, nothing to print

        await using var broker = await MosquittoFixture.StartAsync(new MosquittoSettings
        {
            PasswordFile = Path.Combine(ExportDir, "passwd"),
            AclFile = Path.Combine(ExportDir, "acl"),
        });
        await using var hub = await HubInstance.StartAsync(broker.HubArgs(user: "hub", password: "hub-pw-123"));
        await hub.WaitUntilSubscribedAsync();

        var wrong = await Assert.ThrowsAsync<ConnectRefusedException>(() => broker.ConnectAsync("CAB-001", "CAB-001", "not-the-secret"));
        Assert.Contains(wrong.ResultCode, new[] { MqttClientConnectResultCode.NotAuthorized, MqttClientConnectResultCode.BadUserNameOrPassword });
        await Assert.ThrowsAsync<ConnectRefusedException>(() => broker.ConnectAsync("anonymous"));
        await Assert.ThrowsAsync<ConnectRefusedException>(() => broker.ConnectAsync("CAB-001", "CAB-001", secret2));

        using var owner = await broker.ConnectAsync("CAB-001", "CAB-001", secret1);
        using var other = await broker.ConnectAsync("CAB-002", "CAB-002", secret2);
        var lamp = ExternalBrokerTests.FirstLamp(hub, "CAB-001");
        var refused = await other.PublishAsync(ExternalBrokerTests.Message(ExternalBrokerTests.TelemetryTopic(lamp), Payloads.Telemetry(1, new MetricReading("voltage", 666.0))));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, refused.ReasonCode);
        await ExternalBrokerTests.PublishAsync(owner, ExternalBrokerTests.TelemetryTopic(lamp), Payloads.Telemetry(2, new MetricReading("voltage", 231.0)));
        await ExternalBrokerTests.PublishAsync(owner, Topics.Format("demo", ServiceKind.Cabinet, "CAB-001", MessageKind.Status), Payloads.Status("online", 1, "CAB-001"));
        await Poll.UntilAsync(() => hub.Stats.Stored == 1 && hub.Stats.Accepted == 2, Timeout, "the owner's telemetry and status ingested");
        Assert.Equal(2, hub.Stats.Received); // CAB-002's publish never reached the hub
        var device = await hub.GetAsync<System.Text.Json.JsonElement>($"/api/devices/{lamp}");
        Assert.Equal(231.0, device.GetProperty("metrics").GetProperty("voltage").GetProperty("value").GetDouble());
        Assert.True(device.GetProperty("online").GetBoolean());

        // Commands: the hub may publish them; an agent reads only its own devices' commands.
        var foreignLamp = ExternalBrokerTests.FirstLamp(hub, "CAB-002");
        var ownCmd = Topics.Format("demo", ServiceKind.Streetlight, lamp, MessageKind.Cmd);
        var foreignCmd = Topics.Format("demo", ServiceKind.Streetlight, foreignLamp, MessageKind.Cmd);
        var received = new System.Collections.Concurrent.ConcurrentQueue<string>();
        owner.ApplicationMessageReceivedAsync += e =>
        {
            received.Enqueue(e.ApplicationMessage.Topic);
            return Task.CompletedTask;
        };
        await owner.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(ownCmd, MqttQualityOfServiceLevel.AtLeastOnce).WithTopicFilter(foreignCmd, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        var publisher = hub.Services.GetRequiredService<IMqttPublisher>();
        Assert.Same(hub.External, publisher);
        await publisher.PublishAsync(ExternalBrokerTests.Message(foreignCmd, "{}"u8.ToArray()), CancellationToken.None);
        await publisher.PublishAsync(ExternalBrokerTests.Message(ownCmd, "{}"u8.ToArray()), CancellationToken.None);
        await Poll.UntilAsync(() => received.Contains(ownCmd), Timeout, "the command on the agent's own device");
        Assert.Equal([ownCmd], received); // the foreign one, published first, was withheld by the broker

        // The hub's own account may not pose as a device.
        var posing = await Assert.ThrowsAsync<InvalidOperationException>(() => publisher.PublishAsync(
            ExternalBrokerTests.Message(ExternalBrokerTests.TelemetryTopic(lamp), Payloads.Telemetry(3, new MetricReading("voltage", 1.0))), CancellationToken.None));
        Assert.Contains("NotAuthorized", posing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_HubPassword_GeneratedAndPrintedOnce_KeptOnReexport_ReplacedWhenGiven()
    {
        await RunAsync("add", "CAB-001");
        var first = await RunAsync("export-mosquitto", ExportDir, "--demo");
        Assert.Equal(0, first.Code);
        var password = Assert.Single(first.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var passwd = Path.Combine(ExportDir, "passwd");
        var hash = MosquittoFiles.FindHash(await File.ReadAllTextAsync(passwd), "hub")!;
        var parts = hash.Split('$');
        Assert.Equal(hash, MosquittoPasswords.Hash(password, Convert.FromBase64String(parts[3]), int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.NotNull(MosquittoFiles.FindHash(await File.ReadAllTextAsync(passwd), "CAB-001"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwd));
        }

        var again = await RunAsync("export-mosquitto", ExportDir, "--demo");
        Assert.Equal(0, again.Code);
        Assert.Empty(again.Stdout);
        Assert.Equal(hash, MosquittoFiles.FindHash(await File.ReadAllTextAsync(passwd), "hub"));

        var replaced = await RunAsync("export-mosquitto", ExportDir, "--demo", "--hub-user=iot-hub", "--hub-password", "chosen");
        Assert.Equal(0, replaced.Code);
        var text = await File.ReadAllTextAsync(passwd);
        Assert.Null(MosquittoFiles.FindHash(text, "hub"));
        Assert.NotNull(MosquittoFiles.FindHash(text, "iot-hub"));
        Assert.Contains("user iot-hub\ntopic read iot/v1/#\n", await File.ReadAllTextAsync(Path.Combine(ExportDir, "acl")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_SecretFromBeforeMigration2_StillVerifies_SkippedWithAdvice_ResetMakesItExportable()
    {
        // hub.db as the previous version left it: migration 1 only, a credential without a mosquitto hash.
        Directory.CreateDirectory(DataDir);
        var (salt, hash) = AgentSecrets.Hash("old-secret");
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(DataDir, "hub.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms INTEGER NOT NULL);
                CREATE TABLE agent_credentials (agent_id TEXT PRIMARY KEY, salt BLOB NOT NULL, hash BLOB NOT NULL, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
                INSERT INTO schema_migrations VALUES (1, 'agent credentials', 0);
                INSERT INTO agent_credentials VALUES ('CAB-001', $s, $h, 0, 0);
                """;
            command.Parameters.AddWithValue("$s", salt);
            command.Parameters.AddWithValue("$h", hash);
            await command.ExecuteNonQueryAsync();
        }

        Assert.True(await Store().VerifyAsync("CAB-001", "old-secret"u8.ToArray(), CancellationToken.None));
        var export = await RunAsync("export-mosquitto", ExportDir, "--demo", "--hub-password=x");
        Assert.Equal(0, export.Code);
        Assert.Contains("reset-secret CAB-001", export.Stderr, StringComparison.Ordinal);
        Assert.Null(MosquittoFiles.FindHash(await File.ReadAllTextAsync(Path.Combine(ExportDir, "passwd")), "CAB-001"));

        await RunAsync("reset-secret", "CAB-001");
        Assert.Equal(0, (await RunAsync("export-mosquitto", ExportDir, "--demo", "--hub-password=x")).Code);
        Assert.NotNull(MosquittoFiles.FindHash(await File.ReadAllTextAsync(Path.Combine(ExportDir, "passwd")), "CAB-001"));
    }

    [Theory]
    [InlineData(new[] { "export-mosquitto", "out" }, "City:File")]
    [InlineData(new[] { "export-mosquitto", "out", "--demo", "--hub-user=CAB-001" }, "also an agent")]
    [InlineData(new[] { "export-mosquitto", "out", "--demo", "--hub-user=a:b" }, "--hub-user")]
    public async Task Export_BadUsage_Exit2Explaining(string[] args, string explanation)
    {
        var (code, stdout, stderr) = await RunAsync(args);
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains(explanation, stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private AgentCredentialStore Store() =>
        new(new HubDatabase(Options.Create(new StorageOptions { DataDir = DataDir }), new FakeTimeProvider()), new FakeTimeProvider());

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await AgentsCommand.RunAsync([.. args, $"--Storage:DataDir={DataDir}"], stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
