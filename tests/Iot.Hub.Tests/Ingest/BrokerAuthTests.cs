using Iot.Contracts;
using Iot.Hub.Ingest;
using Iot.Testing;
using Iot.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;

namespace Iot.Hub.Tests.Ingest;

public sealed class BrokerAuthTests
{
    [Fact]
    public async Task Connect_WrongSecret_RefusedNotAuthorized()
    {
        await using var hub = await HubInstance.StartAsync();
        await hub.AddAgentAsync("CAB-001");
        var ex = await Assert.ThrowsAsync<ConnectRefusedException>(() => hub.ConnectAsync("CAB-001", "not-the-secret"));
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, ex.ResultCode);
    }

    [Fact]
    public async Task Connect_UnknownAgent_RefusedNotAuthorized()
    {
        await using var hub = await HubInstance.StartAsync();
        var ex = await Assert.ThrowsAsync<ConnectRefusedException>(() => hub.ConnectAsync("NOBODY", "x"));
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, ex.ResultCode);
    }

    [Fact]
    public async Task Connect_AgentWithoutCredentials_RefusedNotAuthorized()
    {
        await using var hub = await HubInstance.StartAsync();
        var ex = await Assert.ThrowsAsync<ConnectRefusedException>(() => hub.ConnectAsync("CAB-003", "anything"));
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, ex.ResultCode);
    }

    [Fact]
    public async Task Connect_AnotherAgentsSecret_RefusedNotAuthorized()
    {
        await using var hub = await HubInstance.StartAsync();
        await hub.AddAgentAsync("CAB-001");
        var secretOfTwo = await hub.AddAgentAsync("CAB-002");
        var ex = await Assert.ThrowsAsync<ConnectRefusedException>(() => hub.ConnectAsync("CAB-001", secretOfTwo));
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, ex.ResultCode);
    }

    [Fact]
    public async Task Subscribe_OwnDeviceCmd_GrantedAndReceivesCommand_OthersRefused()
    {
        await using var hub = await HubInstance.StartAsync();
        var secret = await hub.AddAgentAsync("CAB-001");
        using var client = await hub.ConnectAsync("CAB-001", secret);
        var own = hub.Registry.FindAgent("CAB-001")!.Devices.First(d => d.StartsWith("LAMP", StringComparison.Ordinal));
        var foreign = hub.Registry.FindAgent("CAB-002")!.Devices.First(d => d.StartsWith("LAMP", StringComparison.Ordinal));
        var ownCmd = Topics.Format("demo", ServiceKind.Streetlight, own, MessageKind.Cmd);
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(e.ApplicationMessage.Topic);
            return Task.CompletedTask;
        };

        var result = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(ownCmd, MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(Topics.Format("demo", ServiceKind.Streetlight, foreign, MessageKind.Cmd))
            .WithTopicFilter("iot/v1/demo/streetlight/+/cmd")
            .WithTopicFilter("#")
            .WithTopicFilter(Topics.Format("demo", ServiceKind.Streetlight, own, MessageKind.Telemetry))
            .Build());

        var codes = result.Items.Select(i => i.ResultCode).ToArray();
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, codes[0]);
        Assert.All(codes[1..], c => Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, c));

        await hub.Services.GetRequiredService<IMqttPublisher>().PublishAsync(
            new MqttApplicationMessageBuilder().WithTopic(ownCmd).WithPayload("{}"u8.ToArray()).Build(), CancellationToken.None);
        Assert.Equal(ownCmd, await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
