using Iot.Contracts;
using Iot.Hub.Storage;
using Iot.Hub.Tests.Infrastructure;
using Iot.Testing;
using Iot.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;

namespace Iot.Hub.Tests.Ingest;

public sealed class BackPressureTests
{
    [Fact]
    public async Task StoreStalled_QueuesFill_PublishersWait_ThenEveryQoS1MessageIsStored()
    {
        const int queue = 10;
        const int perAgent = 150;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = await HubInstance.StartAsync(
            [$"--Ingest:QueueCapacity={queue}", $"--Storage:WriterQueueCapacity={queue}", $"--Storage:BatchSize={queue}"],
            services => services.AddSingleton<ITelemetryStore>(sp => new GatedTelemetryStore(sp.GetRequiredService<SqliteTelemetryStore>(), gate.Task)));
        string[] agents = ["CAB-001", "CAB-002"];
        var acked = 0;
        var publishers = new List<Task>();
        foreach (var agentId in agents)
        {
            var client = await hub.ConnectAsync(agentId, await hub.AddAgentAsync(agentId));
            var lamp = hub.Registry.FindAgent(agentId)!.Devices.First(d => d.StartsWith("LAMP", StringComparison.Ordinal));
            publishers.Add(Task.Run(async () =>
            {
                using (client)
                {
                    for (var i = 0; i < perAgent; i++)
                    {
                        var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
                            .WithTopic(Topics.Format("demo", ServiceKind.Streetlight, lamp, MessageKind.Telemetry))
                            .WithPayload(Payloads.Telemetry(i, new MetricReading("voltage", 230.0)))
                            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
                        Assert.Equal(MqttClientPublishReasonCode.Success, result.ReasonCode);
                        Interlocked.Increment(ref acked);
                    }
                }
            }));
        }

        // With the store stalled, both queues fill up and the publishers stop getting PUBACKs.
        try
        {
            await Poll.UntilAsync(() => hub.Stats.QueueDepth() == queue && hub.Stats.WriterQueueDepth() == queue, TimeSpan.FromSeconds(30), "both queues full");
            // PUBACKs already on the wire when the queues filled still land: let them, then nothing more may move.
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            var ackedWhenFull = Volatile.Read(ref acked);
            await Task.Delay(TimeSpan.FromMilliseconds(500)); // a window in which nothing may move: the claim under test
            Assert.Equal(ackedWhenFull, Volatile.Read(ref acked));
            // Queued (2 × capacity) + one batch inside the stalled write + one message held by the decoder, at most.
            Assert.InRange(ackedWhenFull, 2 * queue, (3 * queue) + 1);
            Assert.Equal(0, hub.Stats.Stored);
            Assert.Equal(queue, hub.Stats.QueueDepth());
        }
        finally
        {
            // Also on failure: a stalled store would hold the hub's shutdown for its whole timeout.
            gate.TrySetResult();
        }

        await Task.WhenAll(publishers).WaitAsync(TimeSpan.FromSeconds(60));
        var total = agents.Length * perAgent;
        await Poll.UntilAsync(() => hub.Stats.Stored == total, TimeSpan.FromSeconds(20), $"{total} stored");
        Assert.Equal(total, acked);
        foreach (var agentId in agents)
        {
            var lamp = hub.Registry.FindAgent(agentId)!.Devices.First(d => d.StartsWith("LAMP", StringComparison.Ordinal));
            var history = await hub.GetAsync<System.Text.Json.JsonElement>($"/api/devices/{lamp}/telemetry?metric=voltage");
            Assert.Equal(perAgent, history.GetProperty("points").GetArrayLength());
        }
    }
}
