using System.Text;
using System.Text.Json;
using Iot.Contracts;
using Iot.Edge.Tests.Infrastructure;
using Iot.Testing;
using Iot.Testing.Servers;
using MQTTnet;
using MQTTnet.Protocol;
using Xunit;

namespace Iot.Edge.Tests.Agent;

/// <summary>Commands from the hub side and the agent's status, over a real mosquitto.</summary>
public sealed class CommandAndStatusTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Commands_ExpiredOneRefusedWithReason_LiveOneExecutedAndAcked()
    {
        await using var broker = await MosquittoFixture.StartAsync(MosquittoSettings.StoreAndForward);
        using var dir = new TempDirectory();
        await using var hub = await Subscriber.StartAsync(broker, "iot/v1/demo/wastebin/BIN-1/cmd-ack");
        await using var agent = await AgentHarness.StartAsync(dir.Path, AgentHarness.ConfigJson(broker.Port, Path.Combine(dir.Path, "data")));
        await Poll.UntilAsync(() => agent.Agent.IsConnected, Generous, () => "agent connected");

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await Send(hub.Client, new CommandPayload("cmd-expired", now - 120_000, "empty", null, now - 60_000));
        await Send(hub.Client, new CommandPayload("cmd-live", now, "empty", null, now + 60_000));
        await Poll.UntilAsync(() => hub.Messages.Count >= 2, Generous, () => $"{hub.Messages.Count} cmd-acks");

        var acks = hub.Messages.Select(m => JsonSerializer.Deserialize(m.Payload, WireJsonContext.Default.CommandAckPayload)!).ToDictionary(a => a.Id);
        Assert.False(acks["cmd-expired"].Ok);
        Assert.StartsWith("expired:", acks["cmd-expired"].Error, StringComparison.Ordinal);
        Assert.True(acks["cmd-live"].Ok);
        Assert.Null(acks["cmd-live"].Error);
        // Each ack passes the hub's own decoder.
        Assert.All(hub.Messages, m => Assert.True(PayloadDecoder.TryDecodeCommandAck(Encoding.UTF8.GetBytes(m.Payload), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ValidationOptions.Default, out _, out _)));
        Assert.Equal(["cmd-live"], agent.Driver.Executed.Select(e => e.Command.Id));
    }

    [Fact]
    public async Task Status_RetainedBirthWithSession_ThenOfflineWithSameSessionOnCleanStop_NextRunUsesNextSession()
    {
        await using var broker = await MosquittoFixture.StartAsync(MosquittoSettings.StoreAndForward);
        using var dir = new TempDirectory();
        var data = Path.Combine(dir.Path, "data");
        long firstSession;
        await using (var agent = await AgentHarness.StartAsync(dir.Path, AgentHarness.ConfigJson(broker.Port, data)))
        {
            await Poll.UntilAsync(() => agent.Agent.IsConnected, Generous, () => "agent connected");
            Assert.Equal("iot/v1/demo/wastebin/GW-1/status", agent.Agent.StatusTopic);
            firstSession = agent.Agent.Sequences.Session;
            // A late subscriber still gets the birth: it is retained.
            await using var late = await Subscriber.StartAsync(broker, "iot/v1/demo/+/GW-1/status");
            await Poll.UntilAsync(() => !late.Messages.IsEmpty, Generous, () => "retained birth");
            var birth = Status(late.Messages.First());
            Assert.True(late.Messages.First().Retained);
            Assert.Equal((StatusPayload.Online, firstSession, "GW-1"), (birth.State, birth.Session, birth.Agent));
            Assert.False(string.IsNullOrEmpty(birth.Fw));
            await agent.StopAsync();
            await Poll.UntilAsync(() => late.Messages.Count >= 2, Generous, () => "offline status on a clean stop");
            var goodbye = Status(late.Messages.Last());
            Assert.Equal((StatusPayload.Offline, firstSession), (goodbye.State, goodbye.Session));
        }

        await using var again = await AgentHarness.StartAsync(dir.Path, AgentHarness.ConfigJson(broker.Port, data));
        await Poll.UntilAsync(() => again.Agent.IsConnected, Generous, () => "agent connected again");
        Assert.Equal(firstSession + 1, again.Agent.Sequences.Session);
    }

    private static StatusPayload Status(Subscriber.Received message)
    {
        Assert.True(PayloadDecoder.TryDecodeStatus(Encoding.UTF8.GetBytes(message.Payload), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ValidationOptions.Default, out var status, out var error), error.Detail);
        return status!;
    }

    private static Task<MqttClientPublishResult> Send(IMqttClient client, CommandPayload command) =>
        client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic("iot/v1/demo/wastebin/BIN-1/cmd")
            .WithPayload(JsonSerializer.SerializeToUtf8Bytes(command, WireJsonContext.Default.CommandPayload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
}
