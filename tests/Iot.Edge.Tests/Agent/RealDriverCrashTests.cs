using System.Text;
using System.Text.Json;
using Iot.Edge.Queue;
using Iot.Edge.Tests.Infrastructure;
using Iot.Simulators.Serial;
using Iot.Testing;
using Iot.Testing.Servers;
using Xunit;

namespace Iot.Edge.Tests.Agent;

/// <summary>
/// The real agent program (<c>Iot.Edge.dll run --config</c>) with the real <c>ultrasonic-level</c> driver reading a
/// socat pseudo-terminal that the test feeds with MaxBotix frames, against a real mosquitto; SIGKILLed with a full queue.
/// </summary>
public sealed class RealDriverCrashTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    private static string Config(int port, string data, string serialPort, long maxMessages) => $$"""
        {
          "AgentId": "BINGW-1", "Secret": "s3cret", "Commune": "demo", "DataDirectory": "{{data}}",
          "Broker": { "Host": "127.0.0.1", "Port": {{port}}, "KeepAliveSeconds": 4, "ReconnectMinSeconds": 0.2, "ReconnectMaxSeconds": 1.5 },
          "Queue": { "MaxMessages": {{maxMessages}}, "DrainPerSecond": 500, "FsyncIntervalMs": 200 },
          "Devices": [ { "Id": "BIN-7", "Service": "wastebin", "Driver": "ultrasonic-level", "Serial": { "Port": "{{serialPort}}", "BaudRate": 9600 },
                         "Settings": { "BinHeight": 1.0, "SensorOffset": 0.0, "MedianWindow": 3, "PublishInterval": "00:00:00.1" } } ]
        }
        """;

    [Fact]
    public async Task RealProgramWithUltrasonicDriverOnAPty_KilledWithAFullQueue_Restarted_NothingLost()
    {
        await using var broker = await MosquittoFixture.StartAsync(MosquittoSettings.StoreAndForward);
        await using var pty = await PtyPair.StartAsync();
        using var dir = new TempDirectory();
        var data = Path.Combine(dir.Path, "data");
        var config = Path.Combine(dir.Path, "agent.json");
        const int maxMessages = 60;
        await File.WriteAllTextAsync(config, Config(broker.Port, data, pty.HostPath, maxMessages));
        await using var hub = await Subscriber.StartAsync(broker, "iot/v1/demo/+/+/telemetry", "iot/v1/demo/+/+/event");
        List<long> telemetry() => hub.Messages.Where(m => m.Topic == "iot/v1/demo/wastebin/BIN-7/telemetry").Select(m => m.Seq!.Value).ToList();

        // The sensor: a MaxBotix frame every 20 ms (400 mm: the bin is 60 % full), until the test ends.
        using var sensorStop = new CancellationTokenSource();
        var sensor = Task.Run(async () =>
        {
            await using var device = pty.OpenDevice();
            var frame = Encoding.ASCII.GetBytes("R0400\r");
            while (!sensorStop.IsCancellationRequested)
            {
                await device.WriteAsync(frame, sensorStop.Token);
                await Task.Delay(20, sensorStop.Token); // the sensor's own sampling cadence
            }
        });

        List<long> pending;
        long droppedAtKill;
        long lastSeqBeforeStop;
        var first = AgentProcess.StartProgram(config);
        try
        {
            await Poll.UntilAsync(() => telemetry().Count >= 10, Generous, () => $"telemetry from the real driver; agent output:\n{first.Output}");
            using (var doc = JsonDocument.Parse(hub.Messages.First().Payload))
            {
                Assert.Equal(0.6, doc.RootElement.GetProperty("metrics").GetProperty("fillingLevel").GetDouble(), 3);
            }

            await broker.StopAsync();
            lastSeqBeforeStop = telemetry().Max();
            var cursorFile = Path.Combine(data, "queue", DiskQueue.CursorFileName);
            await Poll.UntilAsync(() => CrashTests.PersistedDrops(cursorFile, "BIN-7") > 10, Generous, () => $"a full queue; agent output:\n{first.Output}");
            await first.KillAsync();
        }
        finally
        {
            await first.DisposeAsync();
        }

        var copy = Path.Combine(dir.Path, "queue-at-kill");
        CrashTests.CopyDirectory(Path.Combine(data, "queue"), copy);
        using (var left = DiskQueue.Open(copy, 64L * 1024 * 1024, maxMessages))
        {
            pending = [];
            for (var position = 0L; left.TryReadNext(position, long.MaxValue, out var message); position = message!.Position + 1)
            {
                using var doc = JsonDocument.Parse(message!.Payload);
                pending.Add(doc.RootElement.GetProperty("seq").GetInt64());
            }

            droppedAtKill = left.TakeDropCounts().GetValueOrDefault("BIN-7");
        }

        Assert.InRange(pending.Count, maxMessages - 5, maxMessages + 30);
        await File.WriteAllTextAsync(config, Config(broker.Port, data, pty.HostPath, 100_000));
        await broker.StartAgainAsync();
        await hub.ConnectAsync();
        var second = AgentProcess.StartProgram(config);
        try
        {
            await Poll.UntilAsync(() => pending.All(telemetry().Contains) && CrashTests.Dropped(hub) >= droppedAtKill, Generous,
                () => $"{pending.Count(s => !telemetry().Contains(s))} of {pending.Count} queued messages missing; agent output:\n{second.Output}");
            var received = telemetry().ToHashSet();
            var missing = Enumerable.Range(0, (int)(pending.Max() - lastSeqBeforeStop)).Select(i => lastSeqBeforeStop + 1 + i).Where(s => !received.Contains(s)).ToList();
            Assert.Equal(droppedAtKill, CrashTests.Dropped(hub));
            Assert.Equal(droppedAtKill, missing.Count);
            Assert.All(missing, s => Assert.True(s < pending.Min(), $"seq {s} missing but not among the oldest"));
            await Poll.UntilAsync(() => telemetry().Any(s => s > pending.Max()), Generous, () => "telemetry of the restarted agent");
        }
        finally
        {
            await second.DisposeAsync();
            await sensorStop.CancelAsync();
            await sensor.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
