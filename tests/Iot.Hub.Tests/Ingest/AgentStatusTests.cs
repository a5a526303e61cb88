using System.Text.Json;
using Iot.Contracts;
using Iot.Hub.Devices;
using Iot.Testing;
using Iot.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;

namespace Iot.Hub.Tests.Ingest;

public sealed class AgentStatusTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AbruptDisconnect_AgentAndItsDevicesGoOffline()
    {
        await using var hub = await HubInstance.StartAsync();
        var secret = await hub.AddAgentAsync("CAB-001");
        var statusTopic = Topics.Format("demo", ServiceKind.Cabinet, "CAB-001", MessageKind.Status);
        var will = new MqttApplicationMessageBuilder().WithTopic(statusTopic).WithPayload(Payloads.Status("offline", 1, "CAB-001"))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag().Build();
        var client = await hub.ConnectAsync("CAB-001", secret, will);
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(statusTopic).WithPayload(Payloads.Status("online", 1, "CAB-001"))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag().Build());
        var live = hub.Services.GetRequiredService<LiveState>();
        await Poll.UntilAsync(() => live.FindAgent("CAB-001") is { Online: true, Session: 1 }, Timeout, "agent online with session 1");
        var lamp = hub.Registry.FindAgent("CAB-001")!.Devices.First(d => d.StartsWith("LAMP", StringComparison.Ordinal));
        Assert.True((await hub.GetAsync<JsonElement>($"/api/devices/{lamp}")).GetProperty("online").GetBoolean());

        // Dispose without DISCONNECT: the broker sees the socket drop and sends the Last Will.
        client.Dispose();

        await Poll.UntilAsync(() => live.FindAgent("CAB-001") is { Online: false }, Timeout, "agent offline");
        // The Last Will itself goes through the pipeline too (birth + will accepted), not only the disconnect event.
        await Poll.UntilAsync(() => hub.Stats.Accepted == 2, Timeout, "the Last Will accepted by the pipeline");
        Assert.False((await hub.GetAsync<JsonElement>($"/api/devices/{lamp}")).GetProperty("online").GetBoolean());
        var offline = await hub.GetAsync<JsonElement>("/api/devices?status=offline&service=streetlight");
        Assert.Contains(offline.EnumerateArray(), d => d.GetProperty("id").GetString() == lamp);
    }

    [Fact]
    public void AgentLive_OfflineStatusOfOlderSession_IsIgnored()
    {
        var agent = new AgentLive("CAB-001");
        Assert.True(agent.ApplyStatus(online: true, session: 17, nowMs: 1000, firmware: "1.4.0"));
        Assert.True(agent.ApplyStatus(online: true, session: 18, nowMs: 2000, firmware: "1.4.0"));

        // The Last Will of connection 17 arrives late.
        Assert.False(agent.ApplyStatus(online: false, session: 17, nowMs: 3000, firmware: null));
        Assert.True(agent.Online);
        Assert.Equal(18, agent.Session);

        Assert.True(agent.ApplyStatus(online: false, session: 18, nowMs: 4000, firmware: null));
        Assert.False(agent.Online);
        Assert.Equal(4000, agent.SinceMs);
    }

    [Fact]
    public async Task DeviceStatus_StaleSessionIgnored_OnlyThatDeviceGoesOffline()
    {
        await using var hub = await HubInstance.StartAsync();
        var secret = await hub.AddAgentAsync("CAB-001");
        using var client = await hub.ConnectAsync("CAB-001", secret);
        var lamps = hub.Registry.FindAgent("CAB-001")!.Devices.Where(d => d.StartsWith("LAMP", StringComparison.Ordinal)).Take(2).ToArray();
        async Task Status(string device, string state, long session) => await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Format("demo", ServiceKind.Streetlight, device, MessageKind.Status))
            .WithPayload(Payloads.Status(state, session, "CAB-001")).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        await Status(lamps[0], "online", 5);
        await Status(lamps[0], "offline", 4);
        await Status(lamps[1], "offline", 5);
        await Poll.UntilAsync(() => hub.Stats.Accepted >= 3, Timeout, "three statuses processed");

        Assert.True((await hub.GetAsync<JsonElement>($"/api/devices/{lamps[0]}")).GetProperty("online").GetBoolean());
        Assert.False((await hub.GetAsync<JsonElement>($"/api/devices/{lamps[1]}")).GetProperty("online").GetBoolean());
    }
}
