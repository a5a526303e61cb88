using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Iot.Contracts;
using Iot.Hub.Alerts;
using Iot.Hub.Devices;
using Iot.Testing;
using Iot.Testing.Servers;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;

namespace Iot.Hub.Tests.Alerts;

/// <summary>
/// MQTT alerts on <c>iot/v1/{commune}/alerts/{operatorId}</c>: through a real mosquitto (<c>Mqtt:Mode=External</c>),
/// and on the embedded broker with the operator's own account (<c>operator:{id}</c>, <c>MqttPassword</c>).
/// </summary>
public sealed class MqttAlertTests
{
    [Fact]
    public async Task OpenedTicket_IsPublishedOnTheOperatorsAlertTopic_AtQos1()
    {
        await using var mosquitto = await MosquittoFixture.StartAsync();
        var directory = new InMemoryTicketDirectory();
        await using var hub = await WebhookTests.StartHubAsync(directory,
        [
            .. mosquitto.HubArgs(),
            "--Alerts:Subscriptions:0:OperatorId=OP-LIGHT",
            "--Alerts:Subscriptions:0:EmailEnabled=false",
        ]);
        await hub.WaitUntilSubscribedAsync();

        var received = new ConcurrentQueue<MqttApplicationMessage>();
        using var subscriber = await mosquitto.ConnectAsync("op-light-dispatch");
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            received.Enqueue(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        var topic = Topics.Alerts("demo", "OP-LIGHT");
        Assert.Equal("iot/v1/demo/alerts/OP-LIGHT", topic);
        await subscriber.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce).Build());

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        WebhookTests.Open(hub, directory, TestTickets.Open(61, now, now + 3_600_000, now + 7_200_000));
        // A ticket of another operator is not published on OP-LIGHT's topic.
        WebhookTests.Open(hub, directory, TestTickets.Open(62, now, now + 3_600_000, null, "OP-BUS", ServiceKind.Bus));

        await Poll.UntilAsync(() => !received.IsEmpty, TimeSpan.FromSeconds(30), "the alert on " + topic);
        var message = Assert.Single(received);
        Assert.Equal(topic, message.Topic);
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, message.QualityOfServiceLevel);
        using var json = JsonDocument.Parse(Encoding.UTF8.GetString(message.Payload));
        Assert.Equal("opened", json.RootElement.GetProperty("event").GetString());
        Assert.Equal(61, json.RootElement.GetProperty("ticket").GetProperty("id").GetInt64());
        Assert.Equal("OP-LIGHT", json.RootElement.GetProperty("ticket").GetProperty("operatorId").GetString());
        var sent = Assert.Single(await hub.GetAsync<List<AlertDelivery>>("/api/alerts/deliveries?ticketId=61"));
        Assert.Equal((AlertChannels.Mqtt, DeliveryStatus.Sent, topic), (sent.Channel, sent.Status, sent.Target));
    }

    private const string OperatorPassword = "op-light-mqtt-password-1";

    [Fact]
    public async Task EmbeddedBroker_OperatorAccount_ReceivesItsOwnAlerts_AndNothingElse()
    {
        var directory = new InMemoryTicketDirectory();
        await using var hub = await WebhookTests.StartHubAsync(directory,
        [
            "--Alerts:Subscriptions:0:OperatorId=OP-LIGHT",
            "--Alerts:Subscriptions:0:EmailEnabled=false",
            "--Alerts:Subscriptions:0:MqttPassword=" + OperatorPassword,
            "--Alerts:Subscriptions:1:OperatorId=OP-BUS",
            "--Alerts:Subscriptions:1:EmailEnabled=false",
        ]);

        // Wrong password, and an operator without a password: refused at CONNECT.
        var wrong = await Assert.ThrowsAsync<ConnectRefusedException>(() => hub.ConnectAsync("operator:OP-LIGHT", "not-the-password-at-all"));
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, wrong.ResultCode);
        var none = await Assert.ThrowsAsync<ConnectRefusedException>(() => hub.ConnectAsync("operator:OP-BUS", OperatorPassword));
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, none.ResultCode);

        using var subscriber = await hub.ConnectAsync("operator:OP-LIGHT", OperatorPassword);
        var received = new ConcurrentQueue<MqttApplicationMessage>();
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            received.Enqueue(e.ApplicationMessage);
            return Task.CompletedTask;
        };

        // Another operator's topic, a wildcard over every operator, and device topics are refused; its own is granted.
        var subscribed = await subscriber.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(Topics.Alerts("demo", "OP-BUS"), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter("iot/v1/demo/alerts/#", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter("iot/v1/demo/streetlight/+/telemetry", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter("iot/v1/+/alerts/OP-LIGHT", MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        Assert.Equal(
            [MqttClientSubscribeResultCode.NotAuthorized, MqttClientSubscribeResultCode.NotAuthorized, MqttClientSubscribeResultCode.NotAuthorized, MqttClientSubscribeResultCode.GrantedQoS1],
            subscribed.Items.Select(i => i.ResultCode).ToArray());

        // It may not publish, not even on its own topic.
        var published = await subscriber.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Alerts("demo", "OP-LIGHT")).WithPayload("{}").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, published.ReasonCode);

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        WebhookTests.Open(hub, directory, TestTickets.Open(71, now, now + 3_600_000, now + 7_200_000));
        WebhookTests.Open(hub, directory, TestTickets.Open(72, now, now + 3_600_000, null, "OP-BUS", ServiceKind.Bus));

        await Poll.UntilAsync(() => !received.IsEmpty, TimeSpan.FromSeconds(30), "the alert on the embedded broker");
        // OP-BUS's alert is published too (its subscription has Mqtt on); wait until it was sent before checking nothing leaked.
        await Poll.UntilAsync(
            async () => (await hub.GetAsync<List<AlertDelivery>>("/api/alerts/deliveries?ticketId=72")).Any(d => d.Channel == AlertChannels.Mqtt && d.Status == DeliveryStatus.Sent),
            TimeSpan.FromSeconds(30), "OP-BUS's MQTT alert sent");
        var message = Assert.Single(received);
        Assert.Equal(Topics.Alerts("demo", "OP-LIGHT"), message.Topic);
        using var json = JsonDocument.Parse(Encoding.UTF8.GetString(message.Payload));
        Assert.Equal(71, json.RootElement.GetProperty("ticket").GetProperty("id").GetInt64());

        // The operator's connection is not an agent connection: the live state has no agent of that name.
        Assert.Null(hub.Services.GetRequiredService<LiveState>().FindAgent("operator:OP-LIGHT"));
    }
}
