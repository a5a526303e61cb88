using Iot.Contracts;
using Iot.Hub.Tickets;
using Iot.Testing;
using Iot.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MQTTnet;
using MQTTnet.Protocol;

namespace Iot.Hub.Tests.Detection;

/// <summary>Through the real hub and its embedded broker, with a recording problem sink in place of the ticket service.</summary>
public sealed class CommLostHubTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AgentWithALastWill_ConnectionDropped_CommLostRaised_BackOnline_Cleared()
    {
        var sink = new RecordingProblemSink();
        await using var hub = await HubInstance.StartAsync(configureServices: services =>
        {
            services.RemoveAll<IProblemSink>();
            services.AddSingleton<IProblemSink>(sink);
        });
        var secret = await hub.AddAgentAsync("CAB-002");
        var statusTopic = Topics.Format("demo", ServiceKind.Cabinet, "CAB-002", MessageKind.Status);
        MqttApplicationMessage Status(string state, long session) => new MqttApplicationMessageBuilder().WithTopic(statusTopic)
            .WithPayload(Payloads.Status(state, session, "CAB-002")).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag().Build();

        var client = await hub.ConnectAsync("CAB-002", secret, Status("offline", 1));
        await client.PublishAsync(Status("online", 1));
        await Poll.UntilAsync(() => hub.Stats.Accepted >= 1, Timeout, "the birth status accepted");
        Assert.Empty(sink.RaisedFor("comm_lost:CAB-002"));

        // Dispose without DISCONNECT: the socket drops, the broker sees an abrupt loss and publishes the Last Will.
        client.Dispose();
        await Poll.UntilAsync(() => sink.RaisedFor("comm_lost:CAB-002").Count > 0, Timeout, "comm_lost:CAB-002 raised");
        var signal = Assert.Single(sink.RaisedFor("comm_lost:CAB-002"));
        Assert.Equal("CAB-002", signal.GroupId);
        Assert.Equal("high", signal.Severity);
        Assert.Equal("demo", signal.CommuneId);

        using var again = await hub.ConnectAsync("CAB-002", secret, Status("offline", 2));
        await again.PublishAsync(Status("online", 2));
        await Poll.UntilAsync(() => sink.Cleared.Any(c => c.Key == "comm_lost:CAB-002"), Timeout, "comm_lost:CAB-002 cleared");
        Assert.Single(sink.RaisedFor("comm_lost:CAB-002"));
    }
}
