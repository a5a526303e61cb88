using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Iot.Contracts;
using Iot.Hub.Alerts;
using Iot.Hub.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Protocol;

namespace Iot.Hub.Tests.Alerts;

/// <summary>
/// MQTT alerts on <c>iot/v1/{commune}/alerts/{operatorId}</c>. The embedded broker lets only agents connect and lets them
/// subscribe only to their own devices' cmd topics, so an operator cannot listen there: the hub runs against a real
/// mosquitto (<c>Mqtt:Mode=External</c>) and the operator subscribes on it.
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

        await HubInstance.WaitUntilAsync(() => !received.IsEmpty, TimeSpan.FromSeconds(30), "the alert on " + topic);
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
}
