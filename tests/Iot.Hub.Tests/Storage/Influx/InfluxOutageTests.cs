using Iot.Contracts;
using Iot.Hub.Storage;
using Iot.Hub.Storage.Influx;
using Iot.Hub.Tests.Infrastructure;
using Iot.Testing;
using Iot.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;

namespace Iot.Hub.Tests.Storage.Influx;

/// <summary>InfluxDB going away and coming back; each test has its own influxd, since it stops it.</summary>
public sealed class InfluxOutageTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Hub_InfluxKilledMidStreamAndRestarted_EveryPublishedMessageStoredExactlyOnce()
    {
        await using var influx = new InfluxFixture();
        await influx.StartAsync();
        var database = InfluxFixture.NewDatabaseName();
        await using var hub = await HubInstance.StartAsync(
            ["--Storage:Telemetry=Influx", $"--Storage:Influx:Url={influx.Url}", $"--Storage:Influx:Database={database}"]);
        var store = Assert.IsType<InfluxTelemetryStore>(hub.Services.GetRequiredService<ITelemetryStore>());
        var agent = hub.Registry.FindAgent("CAB-001")!;
        using var client = await hub.ConnectAsync(agent.Id, await hub.AddAgentAsync(agent.Id));
        var lamps = agent.Devices.Where(d => hub.Registry.FindDevice(d)!.Service == ServiceKind.Streetlight).Take(2).ToArray();
        var seq = 0;
        async Task PublishAsync(int perLamp)
        {
            for (var i = 0; i < perLamp; i++, seq++)
            {
                foreach (var lamp in lamps)
                {
                    var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
                        .WithTopic(Topics.Format("demo", ServiceKind.Streetlight, lamp, MessageKind.Telemetry))
                        .WithPayload(Payloads.Telemetry(Payloads.NowMs, seq, new("voltage", 200.0 + (seq % 50)), new("powerState", "on")))
                        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                        .Build());
                    Assert.Equal(MqttClientPublishReasonCode.Success, result.ReasonCode);
                }
            }
        }

        Task<long> StoredInInflux(string measurement) => influx.CountAsync(database, $"SELECT count(\"seq\") FROM \"{measurement}\"");

        await PublishAsync(100);
        await Poll.UntilAsync(async () => await StoredInInflux("telemetry") == 200, Timeout, "the first 200 messages in InfluxDB");

        await influx.StopAsync();
        await PublishAsync(100);
        await Poll.UntilAsync(() => hub.Stats.Stored == 400, Timeout, "400 messages taken by the store during the outage");
        Assert.True(store.Stats.LinesSpilled >= 2, $"{store.Stats.LinesSpilled} lines spilled");
        Assert.NotEmpty(Directory.GetFiles(store.SpillDir, "*.lp"));
        Assert.Equal("Degraded", await hub.Http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));

        await influx.StartAsync();
        await PublishAsync(100);
        await Poll.UntilAsync(
            async () => store.Stats.SpillSegments == 0 && await StoredInInflux("telemetry") == 600 && await StoredInInflux("telemetry_text") == 600,
            Timeout, "all 600 messages in InfluxDB and the spill empty");

        foreach (var lamp in lamps)
        {
            var where = $"WHERE \"device\" = '{lamp}' AND \"commune\" = 'demo' AND \"service\" = 'streetlight'";
            Assert.Equal(300, await influx.CountAsync(database, $"SELECT count(\"seq\") FROM \"telemetry\" {where}"));
            Assert.Equal(300, await influx.CountAsync(database, $"SELECT count(distinct(\"seq\")) FROM \"telemetry\" {where}"));
            var history = await hub.GetAsync<System.Text.Json.JsonElement>($"/api/devices/{lamp}/telemetry?metric=voltage");
            Assert.Equal(300, history.GetProperty("points").GetArrayLength());
        }

        Assert.Empty(Directory.GetFiles(store.SpillDir, "*.lp"));
        Assert.Equal(0, store.Stats.DeadLetterFiles);
        Assert.Equal("Healthy", await hub.Http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
    }

    [Fact]
    public async Task Store_InfluxDownAtStart_AndStoreRestartedDuringTheOutage_SpillKeptOnDiskAndReplayedOnce()
    {
        await using var influx = new InfluxFixture(); // not started yet
        var dir = Directory.CreateTempSubdirectory("iot-influx-outage-").FullName;
        var database = InfluxFixture.NewDatabaseName();
        var logs = new RecordingLoggerProvider();
        try
        {
            var first = TestTelemetry.InfluxStore(influx, database, dir, logs: logs);
            await first.InitializeAsync(CancellationToken.None); // starts anyway
            await first.WriteAsync([.. Enumerable.Range(1, 100).Select(i => TestTelemetry.Message("LAMP-1", 1_000 * i, i, ("voltage", 230.0), ("doorOpen", i % 2 == 0)))], CancellationToken.None);
            Assert.Equal(200, first.Stats.LinesSpilled);
            await first.DisposeAsync(); // the hub stops while InfluxDB is still down

            await using var second = TestTelemetry.InfluxStore(influx, database, dir, logs: logs);
            await second.InitializeAsync(CancellationToken.None);
            Assert.Equal(1, second.Stats.SpillSegments);
            await second.WriteAsync([.. Enumerable.Range(101, 100).Select(i => TestTelemetry.Message("LAMP-1", 1_000 * i, i, ("voltage", 231.0)))], CancellationToken.None);

            await influx.StartAsync();
            await Poll.UntilAsync(
                async () => second.Stats.SpillSegments == 0
                    && await influx.CountAsync(database, "SELECT count(\"seq\") FROM \"telemetry\"") == 200,
                Timeout, "the spill of both runs replayed into a database created on the way");

            Assert.Equal(100, await influx.CountAsync(database, "SELECT count(\"seq\") FROM \"telemetry_bool\""));
            Assert.Equal(200, (await second.QueryRawAsync("LAMP-1", "voltage", 0, long.MaxValue, 1000, CancellationToken.None)).Count);
            Assert.Empty(Directory.GetFiles(second.SpillDir, "*.lp"));
            Assert.Empty(logs.Errors);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Store_InfluxHangsWithoutAnswering_WriteReturnsAfterOneTimeoutWithTheBatchSpilled()
    {
        // A server that accepts connections and never answers.
        using var blackHole = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        blackHole.Start(backlog: 100);
        var port = ((System.Net.IPEndPoint)blackHole.LocalEndpoint).Port;
        var dir = Directory.CreateTempSubdirectory("iot-influx-hang-").FullName;
        try
        {
            var options = new InfluxOptions { Url = $"http://127.0.0.1:{port}", Database = "iot", RequestTimeoutSeconds = 1 };
            await using var store = new InfluxTelemetryStore(
                Microsoft.Extensions.Options.Options.Create(options),
                Microsoft.Extensions.Options.Options.Create(new StorageOptions { DataDir = dir }),
                TimeProvider.System,
                Microsoft.Extensions.Logging.Abstractions.NullLogger<InfluxTelemetryStore>.Instance);
            await store.InitializeAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

            await store.WriteAsync([TestTelemetry.Message("LAMP-1", 1_000, 1, ("voltage", 230.0))], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

            // One request that timed out, not three attempts: a hung server must not hold the pipeline.
            Assert.Equal(1, store.Stats.FailedRequests);
            Assert.Equal(1, store.Stats.LinesSpilled);
            Assert.Contains("did not answer within 1 s", store.LastProblem, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Store_AuthEnabledInflux_RightCredentialsWrite_WrongOnesStopTheStartNamingTheKeys()
    {
        await using var influx = InfluxFixture.WithAuth();
        await influx.StartAsync();
        await influx.CreateAdminAsync("hub", "s3cret");
        var dir = Directory.CreateTempSubdirectory("iot-influx-auth-").FullName;
        var database = InfluxFixture.NewDatabaseName();
        try
        {
            await using var store = TestTelemetry.InfluxStore(influx, database, dir, o => (o.Username, o.Password) = ("hub", "s3cret"));
            await store.InitializeAsync(CancellationToken.None);
            await store.WriteAsync([TestTelemetry.Message("LAMP-1", 1_000, 1, ("voltage", 230.0))], CancellationToken.None);
            Assert.Single(await store.QueryRawAsync("LAMP-1", "voltage", 0, 10_000, 10, CancellationToken.None));
            Assert.Equal(1, await influx.CountAsync(database, "SELECT count(\"seq\") FROM \"telemetry\""));

            await using var wrong = TestTelemetry.InfluxStore(influx, database, dir, o => (o.Username, o.Password) = ("hub", "wrong"));
            var ex = await Assert.ThrowsAsync<InfluxException>(() => wrong.InitializeAsync(CancellationToken.None));
            Assert.Contains("Storage:Influx:Username", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("wrong", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Store_SpillFullDuringOutage_WriteFailsInsteadOfDropping_AndEverythingArrivesOnceInfluxIsBack()
    {
        await using var influx = new InfluxFixture();
        var dir = Directory.CreateTempSubdirectory("iot-influx-full-").FullName;
        var database = InfluxFixture.NewDatabaseName();
        try
        {
            await using var store = TestTelemetry.InfluxStore(influx, database, dir, o =>
            {
                o.SpillMaxBytes = 64 * 1024;
                o.RequestTimeoutSeconds = 1;
            });
            await store.InitializeAsync(CancellationToken.None);
            IReadOnlyList<StoredTelemetry> Batch(int n) =>
                [.. Enumerable.Range(n * 100, 100).Select(i => TestTelemetry.Message("BIN-" + (i % 7), 1_000L * i, i, ("fillingLevel", 0.5), ("status", "ok")))];

            var accepted = 0;
            IOException? refused = null;
            while (refused is null && accepted < 1000)
            {
                try
                {
                    await store.WriteAsync(Batch(accepted), CancellationToken.None);
                    accepted++;
                }
                catch (IOException ex)
                {
                    refused = ex;
                }
            }

            Assert.NotNull(refused);
            Assert.Contains("Storage:Influx:SpillMaxBytes", refused.Message, StringComparison.Ordinal);
            Assert.InRange(store.Stats.SpillBytes, 32 * 1024, 64 * 1024);

            // The hub's writer offers a refused batch again until it is taken; do the same once InfluxDB is back.
            await influx.StartAsync();
            await Poll.UntilAsync(async () =>
            {
                try
                {
                    await store.WriteAsync(Batch(accepted), CancellationToken.None);
                    return true;
                }
                catch (IOException)
                {
                    return false;
                }
            }, Timeout, "the refused batch taken once the spill drains");

            var total = (accepted + 1) * 100;
            await Poll.UntilAsync(
                async () => store.Stats.SpillSegments == 0 && await influx.CountAsync(database, "SELECT count(\"seq\") FROM \"telemetry_text\"") == total,
                Timeout, $"{total} messages in InfluxDB");
            Assert.Equal(total, await influx.CountAsync(database, "SELECT count(\"seq\") FROM \"telemetry\""));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
