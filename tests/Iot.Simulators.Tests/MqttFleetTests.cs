using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Iot.City;
using Iot.Contracts;
using Iot.Simulation;
using Iot.Simulation.Mqtt;
using Iot.Simulators.Tests.Infrastructure;
using Iot.Testing;
using Iot.Testing.Servers;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;

namespace Iot.Simulators.Tests;

/// <summary>The fleet against a real mosquitto: one connection per agent, births, telemetry, Last Will, commands.</summary>
public sealed class MqttFleetTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EveryAgentConnects_AndASubscriberSeesStatusAndTelemetryFromAll_AbruptDisconnectFiresTheWill()
    {
        var city = TestCity.Mini;
        var gateway = city.Agents.First(a => a.Kind == AgentKinds.BinGateway).Id;
        // At speed 10 the abrupt disconnect comes 6 s into the run and lasts 6 s.
        var scenario = TestCity.Scenario(city, $$"""{"kind": "agentDisconnect", "mode": "abrupt", "targets": ["{{gateway}}"], "start": "PT1M", "duration": "PT1M"}""");
        await using var broker = await MosquittoFixture.StartAsync(MosquittoSettings.Fleet);
        var received = new ConcurrentQueue<(string Topic, string Payload)>();
        using var subscriber = await broker.ConnectAsync("test-subscriber");
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            received.Enqueue((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload)));
            return Task.CompletedTask;
        };
        await subscriber.SubscribeAsync("iot/v1/#");

        var stats = new FleetStats();
        await using var sink = new MqttFleetSink(new MqttFleetSinkOptions { Host = "127.0.0.1", Port = broker.Port }, stats, NullLogger.Instance);
        var engine = new FleetEngine(city, scenario, new FleetOptions { Speed = 10, Seed = 3, WireStart = DateTimeOffset.UtcNow, SimulatedStart = TestCity.Morning }, sink, stats);
        sink.CommandReceived = engine.Deliver;
        sink.ConnectionLost = engine.ReportConnectionLost;
        using var stop = new CancellationTokenSource();
        var run = FleetRunner.RunAsync(engine, TimeProvider.System, stop.Token);

        await Poll.UntilAsync(() => city.Agents.All(a => received.Any(m => m.Topic.EndsWith($"/{a.Id}/status", StringComparison.Ordinal) && m.Payload.Contains("\"online\"", StringComparison.Ordinal)))
            && city.Assets.All(a => received.Any(m => m.Topic.EndsWith($"/{a.Id}/telemetry", StringComparison.Ordinal))), Patience, "online status of every agent and telemetry of every device");
        Assert.Equal(0, stats.ConnectFailures);

        // The abrupt disconnect: no goodbye from the agent, so the broker publishes its Will (offline, same session).
        await Poll.UntilAsync(() => received.Any(m => m.Topic.EndsWith($"/{gateway}/status", StringComparison.Ordinal) && m.Payload.Contains("\"offline\"", StringComparison.Ordinal)), Patience, "the Last Will of " + gateway);
        var statuses = received.Where(m => m.Topic.EndsWith($"/{gateway}/status", StringComparison.Ordinal)).Select(m => JsonDocument.Parse(m.Payload).RootElement).ToList();
        Assert.Equal(statuses[0].GetProperty("session").GetInt64(), statuses[1].GetProperty("session").GetInt64());
        Assert.Equal(StatusPayload.Offline, statuses[1].GetProperty("state").GetString());

        // Back after the fault, with the next session.
        await Poll.UntilAsync(() => received.Count(m => m.Topic.EndsWith($"/{gateway}/status", StringComparison.Ordinal)) >= 3, Patience, "the reconnection of " + gateway);
        var back = JsonDocument.Parse(received.Where(m => m.Topic.EndsWith($"/{gateway}/status", StringComparison.Ordinal)).ElementAt(2).Payload).RootElement;
        Assert.Equal(StatusPayload.Online, back.GetProperty("state").GetString());
        Assert.Equal(statuses[0].GetProperty("session").GetInt64() + 1, back.GetProperty("session").GetInt64());

        await stop.CancelAsync();
        await run;
        await sink.DrainAsync(Patience);
        Assert.Equal(0, stats.MessagesDropped);
    }

    [Fact]
    public async Task ACommandFromTheHubSide_IsAcknowledgedOverMqtt()
    {
        var city = TestCity.Mini;
        var lamp = city.First(ServiceKind.Streetlight);
        await using var broker = await MosquittoFixture.StartAsync(MosquittoSettings.Fleet);
        var stats = new FleetStats();
        await using var sink = new MqttFleetSink(new MqttFleetSinkOptions { Host = "127.0.0.1", Port = broker.Port }, stats, NullLogger.Instance);
        var engine = new FleetEngine(city, Iot.Simulation.Scenarios.Scenario.Empty, new FleetOptions { Speed = 1, WireStart = DateTimeOffset.UtcNow, SimulatedStart = TestCity.Morning }, sink, stats);
        sink.CommandReceived = engine.Deliver;
        using var stop = new CancellationTokenSource();
        var run = FleetRunner.RunAsync(engine, TimeProvider.System, stop.Token);
        await Poll.UntilAsync(() => stats.AgentsConnected == city.Agents.Count, Patience, "every agent connected");

        var received = new ConcurrentQueue<(string Topic, string Payload)>();
        using var hub = await broker.ConnectAsync("hub");
        hub.ApplicationMessageReceivedAsync += e =>
        {
            received.Enqueue((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload)));
            return Task.CompletedTask;
        };
        await hub.SubscribeAsync($"iot/v1/{lamp.CommuneId}/streetlight/{lamp.Id}/#");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // The agent subscribed right after its CONNACK; the first command may beat the SUBSCRIBE, so it is repeated.
        await Poll.UntilAsync(async () =>
        {
            await hub.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(Topics.Format(lamp.CommuneId, ServiceKind.Streetlight, lamp.Id, MessageKind.Cmd))
                .WithPayload($$$"""{"id":"cmd-1","ts":{{{now}}},"action":"switch","args":{"state":"on"}}""").WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
            return received.Any(m => m.Topic.EndsWith("/cmd-ack", StringComparison.Ordinal));
        }, Patience, "a cmd-ack");

        var ack = JsonDocument.Parse(received.First(m => m.Topic.EndsWith("/cmd-ack", StringComparison.Ordinal)).Payload).RootElement;
        Assert.Equal("cmd-1", ack.GetProperty("id").GetString());
        Assert.True(ack.GetProperty("ok").GetBoolean());
        await Poll.UntilAsync(() => received.Any(m => m.Topic.EndsWith("/telemetry", StringComparison.Ordinal) && m.Payload.Contains("\"powerState\":\"on\"", StringComparison.Ordinal)), Patience, "the lamp reporting itself on");
        await stop.CancelAsync();
        await run;
    }
}
