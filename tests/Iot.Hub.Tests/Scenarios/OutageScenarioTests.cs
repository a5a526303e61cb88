using System.Text.Json;
using Iot.Contracts;
using Iot.Hub.Tests.Alerts;
using Iot.Testing;
using Iot.Testing.Hosting;
using MQTTnet;
using MQTTnet.Protocol;

namespace Iot.Hub.Tests.Scenarios;

/// <summary>
/// Issue 5 end to end, with nothing faked: agents publish over MQTT to the hub's broker, the rules open tickets, the
/// ticket service routes them, the lighting operator's webhook (a real HTTP receiver) and e-mail (a real SMTP sink) get
/// them, and a restart of the hub on the same data keeps them without duplicates.
/// </summary>
public sealed class OutageScenarioTests
{
    private const string Secret = "lighting-operator-webhook-secret";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Cabinet_supply_loss_opens_one_routed_ticket_alerts_the_operator_and_resolves_after_the_hold_down()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var receiver = new WebhookReceiver(Secret, _ => 200);
        var dataDir = Directory.CreateTempSubdirectory("iot-hub-scenario-").FullName;
        try
        {
            string[] args =
            [
                "--Tickets:HoldDownSeconds=2",
                "--Alerts:PublicBaseUrl=https://hub.demo.example",
                "--Alerts:Smtp:Host=127.0.0.1",
                $"--Alerts:Smtp:Port={smtp.Port}",
                "--Alerts:Smtp:From=alertes@hub.demo.example",
                "--Alerts:Smtp:Tls=None",
                "--Alerts:Subscriptions:0:OperatorId=OP-LIGHT",
                $"--Alerts:Subscriptions:0:WebhookUrl={receiver.Url}",
                $"--Alerts:Subscriptions:0:WebhookSecret={Secret}",
                "--Alerts:Subscriptions:0:Mqtt=false",
            ];
            long cabinetTicket;
            await using (var hub = await HubInstance.StartAsync(args, dataDir: dataDir))
            {
                var secret = await hub.AddAgentAsync("CAB-001");
                using var agent = await ConnectWithWillAsync(hub, "CAB-001", secret, session: 1);

                // The cabinet loses its supply: voltage 0, every lamp dark.
                var seq = 1L;
                await PublishAsync(agent, ServiceKind.Cabinet, "CAB-001", Payloads.Telemetry(Payloads.NowMs, seq++, new MetricReading("voltage", 0.0), new MetricReading("powerState", "off"), new MetricReading("totalActivePower", 0.0)));
                foreach (var lamp in hub.Registry.FindAgent("CAB-001")!.Devices.Where(d => d.StartsWith("LAMP", StringComparison.Ordinal)).Take(10))
                {
                    await PublishAsync(agent, ServiceKind.Streetlight, lamp, Payloads.Telemetry(Payloads.NowMs, seq++, new MetricReading("powerState", "off"), new MetricReading("powerConsumption", 0.0), new MetricReading("voltage", 0.0)));
                }

                var ticket = await WaitForTicketAsync(hub, "cabinet_supply_loss", "open");
                cabinetTicket = ticket.GetProperty("id").GetInt64();
                Assert.Equal(("CAB-001", "OP-LIGHT", "CT-CABINET"), (ticket.GetProperty("groupId").GetString(), ticket.GetProperty("operatorId").GetString(), ticket.GetProperty("contractId").GetString()));
                Assert.Equal(JsonValueKind.String, ticket.GetProperty("ackDueAt").ValueKind);
                var all = await hub.GetAsync<JsonElement>("/api/tickets?pageSize=500");
                Assert.Single(all.GetProperty("items").EnumerateArray(), t => t.GetProperty("parentId").ValueKind == JsonValueKind.Null);

                // The operator is told once, by a signed webhook and by e-mail in its language (French).
                await Poll.UntilAsync(() => receiver.Requests.Any(r => r.Status == 200), Timeout, "the webhook");
                var hook = Assert.Single(receiver.Requests);
                Assert.True(hook.SignatureValid, "the webhook's HMAC-SHA256 signature verifies with the operator's secret");
                Assert.Equal("opened", hook.Event);
                using (var body = JsonDocument.Parse(hook.Body))
                {
                    Assert.Equal(cabinetTicket, body.RootElement.GetProperty("ticket").GetProperty("id").GetInt64());
                }

                await Poll.UntilAsync(() => smtp.Messages().Count >= 1, Timeout, "the e-mail");
                var mail = Assert.Single(smtp.Messages());
                Assert.Equal("exploitation@lumiere-azur.example", mail.To.ToString());
                Assert.Contains($"Ticket n° {cabinetTicket}", mail.Subject, StringComparison.Ordinal);

                // Supply back: the ticket resolves by itself once the hold-down (2 s) has passed.
                await PublishAsync(agent, ServiceKind.Cabinet, "CAB-001", Payloads.Telemetry(Payloads.NowMs, seq++, new MetricReading("voltage", 231.0), new MetricReading("powerState", "on"), new MetricReading("totalActivePower", 1900.0)));
                var resolved = await WaitForTicketAsync(hub, "cabinet_supply_loss", "resolved");
                Assert.Equal((cabinetTicket, "auto"), (resolved.GetProperty("id").GetInt64(), resolved.GetProperty("resolution").GetString()));

                // The agent's connection is killed (no DISCONNECT): its Last Will opens a comm_lost ticket.
                agent.Dispose();
                var commLost = await WaitForTicketAsync(hub, "comm_lost", "open");
                Assert.Equal(("CAB-001", "OP-LIGHT"), (commLost.GetProperty("groupId").GetString(), commLost.GetProperty("operatorId").GetString()));
            }

            // The hub is stopped mid-scenario and started again on the same data: same tickets, no duplicate, still open.
            await using (var hub = await HubInstance.StartAsync(args, dataDir: dataDir))
            {
                var tickets = (await hub.GetAsync<JsonElement>("/api/tickets?pageSize=500")).GetProperty("items").EnumerateArray().ToList();
                Assert.True(tickets.Count == 2, string.Join('\n', tickets.Select(t => t.ToString())));
                Assert.Single(tickets, t => t.GetProperty("rule").GetString() == "comm_lost" && t.GetProperty("status").GetString() == "open");
                Assert.Single(tickets, t => t.GetProperty("id").GetInt64() == cabinetTicket && t.GetProperty("status").GetString() == "resolved");
                await Task.Delay(TimeSpan.FromSeconds(2)); // the rules re-arm after a restart: give them time to (wrongly) duplicate
                Assert.Equal(2, (await hub.GetAsync<JsonElement>("/api/tickets?pageSize=500")).GetProperty("total").GetInt64());
                // Each ticket was announced by exactly one delivery, and the restart sent no second one.
                var opened = receiver.Requests.Where(r => r.Event == "opened" && r.Status == 200)
                    .GroupBy(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("ticket").GetProperty("id").GetInt64()).ToList();
                Assert.Equal(2, opened.Count);
                Assert.All(opened, g => Assert.Single(g));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<IMqttClient> ConnectWithWillAsync(HubInstance hub, string agentId, string secret, long session)
    {
        var topic = Topics.Format("demo", ServiceKind.Cabinet, agentId, MessageKind.Status);
        var client = await hub.ConnectAsync(agentId, secret, new MqttApplicationMessageBuilder().WithTopic(topic)
            .WithPayload(Payloads.Status("offline", session, agentId)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag().Build());
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Payloads.Status("online", session, agentId))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag().Build());
        return client;
    }

    private static Task<MqttClientPublishResult> PublishAsync(IMqttClient client, ServiceKind service, string deviceId, byte[] payload) =>
        client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(Topics.Format("demo", service, deviceId, MessageKind.Telemetry))
            .WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    private static async Task<JsonElement> WaitForTicketAsync(HubInstance hub, string rule, string status)
    {
        JsonElement found = default;
        await Poll.UntilAsync(
            async () =>
            {
                var page = await hub.GetAsync<JsonElement>($"/api/tickets?status={status}&pageSize=500");
                var match = page.GetProperty("items").EnumerateArray().Where(t => t.GetProperty("rule").GetString() == rule).ToList();
                if (match.Count > 1)
                {
                    Assert.Fail($"{match.Count} {status} {rule} tickets; expected one");
                }

                found = match.FirstOrDefault();
                return match.Count == 1;
            },
            Timeout, $"one {status} {rule} ticket");
        return found;
    }
}
