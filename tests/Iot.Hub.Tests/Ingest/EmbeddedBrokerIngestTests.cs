using System.Text;
using System.Text.Json;
using Iot.Contracts;
using Iot.Testing;
using Iot.Testing.Hosting;
using MQTTnet;
using MQTTnet.Protocol;

namespace Iot.Hub.Tests.Ingest;

public sealed class EmbeddedBrokerIngestTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Publish_TelemetryFromOwnedDevices_AllStoredAndVisibleThroughApi()
    {
        await using var hub = await HubInstance.StartAsync();
        var agent = hub.Registry.FindAgent("CAB-001")!;
        var secret = await hub.AddAgentAsync(agent.Id);
        using var client = await hub.ConnectAsync(agent.Id, secret);
        var lamps = agent.Devices.Where(d => hub.Registry.FindDevice(d)!.Service == ServiceKind.Streetlight).Take(5).ToArray();
        const int perLamp = 40;
        var start = Payloads.NowMs - 60_000;
        for (var i = 0; i < perLamp; i++)
        {
            foreach (var lamp in lamps)
            {
                var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
                    .WithTopic(Topics.Format("demo", ServiceKind.Streetlight, lamp, MessageKind.Telemetry))
                    .WithPayload(Payloads.Telemetry(start + (i * 1000), i, new("powerConsumption", 40.0 + i), new("powerState", "on")))
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build());
                Assert.Equal(MqttClientPublishReasonCode.Success, result.ReasonCode);
            }
        }

        var expected = lamps.Length * perLamp;
        await Poll.UntilAsync(() => hub.Stats.Stored >= expected, Timeout, $"{expected} messages stored");
        Assert.Equal(expected, hub.Stats.Stored);
        Assert.Equal(0, hub.Stats.RejectedTotal);

        var device = await hub.GetAsync<JsonElement>($"/api/devices/{lamps[0]}");
        Assert.Equal("streetlight", device.GetProperty("service").GetString());
        Assert.Equal(agent.Id, device.GetProperty("agent").GetString());
        Assert.Equal("demo", device.GetProperty("commune").GetString());
        Assert.True(device.GetProperty("online").GetBoolean());
        Assert.Equal(40.0 + perLamp - 1, device.GetProperty("metrics").GetProperty("powerConsumption").GetProperty("value").GetDouble());
        Assert.Equal("on", device.GetProperty("metrics").GetProperty("powerState").GetProperty("value").GetString());
        Assert.Equal(JsonValueKind.Object, device.GetProperty("location").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, device.GetProperty("lastSeen").ValueKind);

        foreach (var lamp in lamps)
        {
            var history = await hub.GetAsync<JsonElement>($"/api/devices/{lamp}/telemetry?metric=powerConsumption&from={start}&to={start + (perLamp * 1000)}");
            var points = history.GetProperty("points");
            Assert.Equal(perLamp, points.GetArrayLength());
            Assert.Equal(40.0, points[0].GetProperty("value").GetDouble());
        }

        var buckets = await hub.GetAsync<JsonElement>($"/api/devices/{lamps[0]}/telemetry?metric=powerConsumption&from={start}&to={start + (perLamp * 1000)}&step=10s");
        var first = buckets.GetProperty("buckets")[0];
        Assert.Equal(10, first.GetProperty("count").GetInt64());
        Assert.Equal(44.5, first.GetProperty("mean").GetDouble(), 6);
        Assert.Equal(40.0, first.GetProperty("min").GetDouble());
        Assert.Equal(49.0, first.GetProperty("max").GetDouble());
    }

    [Fact]
    public async Task Garbage_EachRejectedWithItsReason_HubStaysUp_ValidMessagesBetweenStored()
    {
        await using var hub = await HubInstance.StartAsync();
        var agent = hub.Registry.FindAgent("CAB-001")!;
        var other = hub.Registry.FindAgent("CAB-002")!;
        var secret = await hub.AddAgentAsync(agent.Id);
        using var client = await hub.ConnectAsync(agent.Id, secret);
        var lamp = agent.Devices.First(d => d.StartsWith("LAMP", StringComparison.Ordinal));
        var lampTopic = Topics.Format("demo", ServiceKind.Streetlight, lamp, MessageKind.Telemetry);
        var random = new Random(42);
        var randomBytes = new byte[300];
        random.NextBytes(randomBytes);
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + new string('}', 5000);

        var garbage = new (string Topic, byte[] Payload, RejectReason Reason)[]
        {
            (lampTopic, randomBytes, RejectReason.NotUtf8),
            (lampTopic, [0x7b, 0x22, 0xC3, 0x28, 0x22, 0x7d], RejectReason.NotUtf8),
            (lampTopic, Encoding.UTF8.GetBytes("{\"ts\": 1, \"seq\": "), RejectReason.NotJson),
            (lampTopic, Encoding.UTF8.GetBytes(deep), RejectReason.PayloadTooLarge),
            (lampTopic, Encoding.UTF8.GetBytes($"{{\"ts\":{Payloads.NowMs},\"seq\":1,\"metrics\":{{\"x\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}}}}"), RejectReason.TooDeep),
            (lampTopic, new byte[1024 * 1024], RejectReason.PayloadTooLarge),
            (lampTopic, Encoding.UTF8.GetBytes($"{{\"ts\":{Payloads.NowMs},\"seq\":1,\"metrics\":{{\"voltage\":NaN}}}}"), RejectReason.NotJson),
            (lampTopic, Encoding.UTF8.GetBytes($"{{\"ts\":{Payloads.NowMs},\"seq\":1,\"metrics\":{{\"voltage\":1e400}}}}"), RejectReason.NotFinite),
            (lampTopic, Encoding.UTF8.GetBytes($"{{\"ts\":{Payloads.NowMs},\"seq\":1,\"metrics\":{{\"powerConsumption\":\"lots\"}}}}"), RejectReason.WrongType),
            (lampTopic, Encoding.UTF8.GetBytes($"{{\"ts\":{Payloads.NowMs},\"seq\":1,\"metrics\":{{\"illuminanceLevel\":1.5}}}}"), RejectReason.OutOfRange),
            (lampTopic, Encoding.UTF8.GetBytes($"{{\"seq\":1,\"metrics\":{{}}}}"), RejectReason.MissingTs),
            (lampTopic, Encoding.UTF8.GetBytes($"{{\"ts\":{Payloads.NowMs},\"metrics\":{{}}}}"), RejectReason.MissingSeq),
            (lampTopic, Payloads.Telemetry(Payloads.NowMs + 600_000, 1, new MetricReading("voltage", 230.0)), RejectReason.TsInFuture),
            (lampTopic, Payloads.Telemetry(Payloads.NowMs - (31L * 86_400_000), 1, new MetricReading("voltage", 230.0)), RejectReason.TsTooOld),
            (Topics.Format("demo", ServiceKind.Streetlight, "NO-SUCH-LAMP", MessageKind.Telemetry), Payloads.Telemetry(1, new MetricReading("voltage", 230.0)), RejectReason.UnknownDevice),
            (Topics.Format("demo", ServiceKind.Streetlight, other.Devices.First(d => d.StartsWith("LAMP", StringComparison.Ordinal)), MessageKind.Telemetry), Payloads.Telemetry(1, new MetricReading("voltage", 230.0)), RejectReason.NotOwner),
            ("iot/v1/demo/tram/" + lamp + "/telemetry", Payloads.Telemetry(1, new MetricReading("voltage", 230.0)), RejectReason.UnknownService),
            ("somewhere/else", Payloads.Telemetry(1, new MetricReading("voltage", 230.0)), RejectReason.BadTopic),
            (Topics.Format("demo", ServiceKind.Streetlight, lamp, MessageKind.Cmd), Encoding.UTF8.GetBytes("{}"), RejectReason.NotAllowed),
        };

        var seq = 0;
        foreach (var (topic, payload, _) in garbage)
        {
            await PublishValidAsync(client, lampTopic, seq++);
            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }

        await PublishValidAsync(client, lampTopic, seq++);
        await Poll.UntilAsync(() => hub.Stats.Stored >= seq && hub.Stats.RejectedTotal >= garbage.Length, Timeout, "valid messages stored and garbage counted");

        var stats = await hub.GetAsync<JsonElement>("/api/ingest/stats");
        Assert.Equal(seq, stats.GetProperty("stored").GetInt64());
        Assert.Equal(garbage.Length, stats.GetProperty("rejected").GetInt64());
        var byReason = stats.GetProperty("rejectedByReason");
        foreach (var group in garbage.GroupBy(g => g.Reason))
        {
            Assert.True(byReason.TryGetProperty(group.Key.ToWire(), out var count), $"no count for {group.Key.ToWire()}: {byReason}");
            Assert.Equal(group.Count(), count.GetInt64());
        }

        var health = await hub.Http.GetAsync("/healthz");
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        Assert.True(client.IsConnected);

        var history = await hub.GetAsync<JsonElement>($"/api/devices/{lamp}/telemetry?metric=voltage");
        Assert.Equal(seq, history.GetProperty("points").GetArrayLength());

        var diagnostics = (await hub.GetAsync<JsonElement>($"/api/devices/{lamp}")).GetProperty("diagnostics");
        Assert.True(diagnostics.GetProperty("rejected").GetInt64() >= 10);
        Assert.Contains(diagnostics.GetProperty("unknownMetrics").EnumerateArray(), e => e.GetString() == "vendorTemperature");
    }

    [Fact]
    public async Task Publish_ForAnotherAgentsDevice_RefusedWithNotAuthorizedPuback()
    {
        await using var hub = await HubInstance.StartAsync();
        var secret = await hub.AddAgentAsync("CAB-001");
        using var client = await hub.ConnectAsync("CAB-001", secret);
        var foreign = hub.Registry.FindAgent("CAB-002")!.Devices.First(d => d.StartsWith("LAMP", StringComparison.Ordinal));
        var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Format("demo", ServiceKind.Streetlight, foreign, MessageKind.Telemetry))
            .WithPayload(Payloads.Telemetry(1, new MetricReading("voltage", 230.0)))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, result.ReasonCode);
        Assert.Equal(1, hub.Stats.Rejected(RejectReason.NotOwner));
        Assert.Equal(0, hub.Stats.Accepted);
    }

    private static async Task PublishValidAsync(IMqttClient client, string topic, int seq)
    {
        var result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic)
            .WithPayload(Payloads.Telemetry(Payloads.NowMs - 1000 + seq, seq, new MetricReading("voltage", 230.0 + seq), new MetricReading("vendorTemperature", 21.5)))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.Equal(MqttClientPublishReasonCode.Success, result.ReasonCode);
    }
}
