using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Iot.Contracts;
using Iot.Testing;
using Iot.Testing.Hosting;
using MQTTnet;
using MQTTnet.Protocol;

namespace Iot.Hub.Tests.Commands;

public sealed class CommandsApiTests
{
    [Fact]
    public async Task Switch_command_reaches_the_agent_and_its_ack_is_shown()
    {
        await using var hub = await HubInstance.StartAsync();
        var secret = await hub.AddAgentAsync("CAB-001");
        using var agent = await hub.ConnectAsync("CAB-001", secret);
        var lamp = hub.Registry.FindAgent("CAB-001")!.Devices.First(d => d.StartsWith("LAMP", StringComparison.Ordinal));
        var cmdTopic = Topics.Format("demo", ServiceKind.Streetlight, lamp, MessageKind.Cmd);
        var received = new TaskCompletionSource<CommandPayload>(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(JsonSerializer.Deserialize(e.ApplicationMessage.Payload.FirstSpan, WireJsonContext.Default.CommandPayload)!);
            return Task.CompletedTask;
        };
        await agent.SubscribeAsync(cmdTopic, MqttQualityOfServiceLevel.AtLeastOnce);

        // A technician signed in with HTTP Basic: the command's actor is the user's name.
        var technician = await hub.ClientAsync("tech-1", "technician");
        using var response = await technician.PostAsJsonAsync($"/api/devices/{lamp}/commands", new { action = "switch", args = new { state = "off" }, ttlSeconds = 30 });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var sent = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pending", sent.GetProperty("state").GetString());
        Assert.Equal("tech-1", sent.GetProperty("actor").GetString());

        var command = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(sent.GetProperty("id").GetString(), command.Id);
        Assert.Equal("switch", command.Action);
        Assert.Equal("off", command.Args!.Value.GetProperty("state").GetString());
        Assert.Equal(command.Ts + 30_000, command.ExpiresTs);

        var ack = new CommandAckPayload(command.Id, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Ok: true);
        await agent.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Format("demo", ServiceKind.Streetlight, lamp, MessageKind.CmdAck))
            .WithPayload(JsonSerializer.SerializeToUtf8Bytes(ack, WireJsonContext.Default.CommandAckPayload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

        var location = response.Headers.Location!.ToString();
        await Poll.UntilAsync(
            async () => (await hub.GetAsync<JsonElement>(location)).GetProperty("state").GetString() == "succeeded",
            TimeSpan.FromSeconds(10), "the command to be acknowledged");
        var listed = await hub.GetAsync<JsonElement>($"/api/devices/{lamp}/commands");
        Assert.Equal(command.Id, listed[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Refused_ack_shows_the_devices_reason()
    {
        await using var hub = await HubInstance.StartAsync();
        var secret = await hub.AddAgentAsync("CAB-001");
        using var agent = await hub.ConnectAsync("CAB-001", secret);
        var received = new TaskCompletionSource<CommandPayload>(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(JsonSerializer.Deserialize(e.ApplicationMessage.Payload.FirstSpan, WireJsonContext.Default.CommandPayload)!);
            return Task.CompletedTask;
        };
        await agent.SubscribeAsync(Topics.Format("demo", ServiceKind.Cabinet, "CAB-001", MessageKind.Cmd), MqttQualityOfServiceLevel.AtLeastOnce);

        using var response = await hub.Http.PostAsJsonAsync("/api/devices/CAB-001/commands", new { action = "dim", args = new { level = 0.5 } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var command = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await agent.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Format("demo", ServiceKind.Cabinet, "CAB-001", MessageKind.CmdAck))
            .WithPayload(JsonSerializer.SerializeToUtf8Bytes(new CommandAckPayload(command.Id, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), false, "controller busy"), WireJsonContext.Default.CommandAckPayload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

        await Poll.UntilAsync(
            async () => (await hub.GetAsync<JsonElement>(response.Headers.Location!.ToString())).GetProperty("state").GetString() == "failed",
            TimeSpan.FromSeconds(10), "the command to be refused");
        var refused = await hub.GetAsync<JsonElement>(response.Headers.Location!.ToString());
        Assert.Equal("controller busy", refused.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("LAMP-001-01", """{"action":"explode"}""", "not one of ping, switch, dim")]
    [InlineData("LAMP-001-01", """{"action":"switch","args":{"state":"maybe"}}""", "switch needs args")]
    [InlineData("LAMP-001-01", """{"action":"dim","args":{"level":1.5}}""", "dim needs args")]
    [InlineData("LAMP-001-01", """{"action":"ping","ttlSeconds":0}""", "ttlSeconds must be between")]
    [InlineData("BIN-0001", """{"action":"switch","args":{"state":"on"}}""", "not to a wastebin")]
    [InlineData("LAMP-001-01", """{}""", "action is required")]
    public async Task Bad_commands_get_400_naming_the_problem(string device, string body, string expected)
    {
        await using var hub = await HubInstance.StartAsync();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await hub.Http.PostAsync($"/api/devices/{device}/commands", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unanswered_command_expires_and_unknown_ones_are_404()
    {
        await using var hub = await HubInstance.StartAsync();
        using var response = await hub.Http.PostAsJsonAsync("/api/devices/BIN-0001/commands", new { action = "ping", ttlSeconds = 1 });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await Poll.UntilAsync(
            async () => (await hub.GetAsync<JsonElement>(response.Headers.Location!.ToString())).GetProperty("state").GetString() == "expired",
            TimeSpan.FromSeconds(10), "the command to expire");
        using var unknown = await hub.Http.GetAsync("/api/devices/BIN-0001/commands/nope");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var noDevice = await hub.Http.PostAsJsonAsync("/api/devices/NOPE/commands", new { action = "ping" });
        Assert.Equal(HttpStatusCode.NotFound, noDevice.StatusCode);
    }
}
