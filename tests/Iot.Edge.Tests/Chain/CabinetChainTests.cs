using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Iot.Edge.Tests.Infrastructure;
using Iot.Simulators.Serial;
using Iot.Testing;
using Iot.Testing.Hosting;
using Iot.Testing.Servers;
using Xunit;

namespace Iot.Edge.Tests.Chain;

/// <summary>
/// Cabinet controller simulator (4 lamps) → socat PTY → the real edge agent program (<c>lamp-controller</c>) → real
/// mosquitto → a subscriber and the real hub (External mode on the same mosquitto); then commands from the hub's API
/// back down the same chain to the simulated lamps.
/// </summary>
public sealed class CabinetChainTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private static readonly string[] Lamps = ["LAMP-001-01", "LAMP-001-02", "LAMP-001-03", "LAMP-001-04"];

    [Fact]
    public async Task Cabinet_TelemetryReachesTheHub_HubCommandsSwitchAndDimTheSimulatedLamps_AndAreAcknowledged_ExpiredOneRefused()
    {
        var ct = TestContext.Current.CancellationToken;

        // 22:00 UTC in March at the demo commune: dark, so the controller's astronomical schedule has the lamps on.
        var clock = new AcceleratedTimeProvider(new DateTimeOffset(2026, 3, 2, 22, 0, 0, TimeSpan.Zero), factor: 1);
        var cabinet = new CabinetControllerSimulator(
            new CabinetControllerOptions { Lamps = 4, RatedPower = 60, Latitude = 43.7031, Longitude = 7.2661, GarbleProbability = 0.02, Seed = 9 }, clock);

        await using var broker = await MosquittoFixture.StartAsync(MosquittoSettings.StoreAndForward);
        await using var wire = await Subscriber.StartAsync(broker, "iot/v1/demo/#");
        // The real hub in-process, a client of the same mosquitto (External mode); warnings and up on the console, errors fail the test.
        await using var hub = await HubInstance.StartAsync(["--Logging:LogLevel:Default=Warning"], externalBroker: broker);
        await using var pty = await PtyPair.StartAsync(cancellationToken: ct);
        await using var device = pty.OpenDevice();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var simulating = cabinet.RunAsync(device, stop.Token);
        await using var agent = await ChainAgent.StartAsync(broker, "CAB-001", new
        {
            Id = "CAB-001",
            Service = "cabinet",
            Driver = "lamp-controller",
            Serial = new { Port = pty.HostPath, BaudRate = 9600 },
            Settings = new
            {
                PollInterval = "00:00:01",
                ReplyTimeout = "00:00:00.5",
                Attempts = 3,
                Lamps = Lamps.Select((id, address) => new { Id = id, Address = address }).ToArray(),
            },
        }, statusService: "cabinet");
        string Describe() => $"agent output:\n{agent.Process.Output}";

        // 1. Cabinet and per-lamp telemetry on the wire, in the contract's topics and metrics.
        await Poll.UntilAsync(() => Lamps.Prepend("CAB-001").All(id => Latest(wire, id) is not null), Generous, () => "telemetry of the cabinet and its 4 lamps; " + Describe());
        var cab = Latest(wire, "CAB-001")!;
        Assert.InRange(cab.Number("voltage"), 225, 235);
        Assert.Equal("on", cab.Text("powerState"));
        Assert.Equal("automatic", cab.Text("workingMode"));
        Assert.Equal(240, cab.Number("totalActivePower"), 1);
        foreach (var lamp in Lamps)
        {
            var reading = Latest(wire, lamp)!;
            Assert.Equal(("on", 1.0, "ok"), (reading.Text("powerState"), reading.Number("illuminanceLevel"), reading.Text("status")));
            Assert.Equal(60, reading.Number("powerConsumption"), 1);
        }

        // ... and in the hub, which took them from mosquitto.
        await WaitForHubMetricAsync(hub, "LAMP-001-02", "powerState", "on");
        await WaitForHubMetricAsync(hub, "CAB-001", "workingMode", "automatic");

        // 2. Dim one lamp from the hub: the simulated lamp changes, the agent acknowledges, the hub shows it succeeded,
        //    and the lamp's next telemetry says so on the wire and in the hub.
        var dim = await SendCommandAsync(hub, "LAMP-001-02", new { action = "dim", args = new { level = 0.5 }, ttlSeconds = 30 });
        await Poll.UntilAsync(() => cabinet.Lamp(1) == (true, 50), Generous, () => $"the simulated lamp 1 dimmed to 50 % (it is {cabinet.Lamp(1)}); " + Describe());
        var dimAck = await WaitForAckAsync(wire, "iot/v1/demo/streetlight/LAMP-001-02/cmd-ack", dim.Id);
        Assert.True(dimAck.GetProperty("ok").GetBoolean(), dimAck.ToString());
        await WaitForCommandStateAsync(hub, dim.Location, "succeeded");
        Assert.Equal((true, 100), cabinet.Lamp(0)); // only that lamp
        await Poll.UntilAsync(() => Latest(wire, "LAMP-001-02") is { } r && r.Text("powerState") == "low" && r.Number("illuminanceLevel") == 0.5, Generous, () => "the dimmed lamp's telemetry");
        Assert.Equal(30, Latest(wire, "LAMP-001-02")!.Number("powerConsumption"), 1);
        await WaitForHubMetricAsync(hub, "LAMP-001-02", "powerState", "low");

        // 3. Switch the whole cabinet off from the hub: every simulated lamp goes off.
        var off = await SendCommandAsync(hub, "CAB-001", new { action = "switch", args = new { state = "off" }, ttlSeconds = 30 });
        await Poll.UntilAsync(() => Enumerable.Range(0, 4).All(a => !cabinet.Lamp(a).On), Generous, () => "every simulated lamp off; " + Describe());
        Assert.True((await WaitForAckAsync(wire, "iot/v1/demo/cabinet/CAB-001/cmd-ack", off.Id)).GetProperty("ok").GetBoolean());
        await WaitForCommandStateAsync(hub, off.Location, "succeeded");
        await Poll.UntilAsync(() => Latest(wire, "CAB-001") is { } c && c.Text("powerState") == "off" && c.Number("totalActivePower") == 0, Generous, () => "the cabinet reporting off");
        await WaitForHubMetricAsync(hub, "LAMP-001-04", "powerState", "off");

        // 4. A command that expires before the agent gets to it (the board stalls: SIGSTOP with its connection open) is
        //    refused with the reason, not executed, and the hub shows the refusal.
        await agent.Process.PauseAsync();
        Command late;
        try
        {
            late = await SendCommandAsync(hub, "LAMP-001-03", new { action = "switch", args = new { state = "on" }, ttlSeconds = 1 });
            await WaitForCommandStateAsync(hub, late.Location, "expired"); // the hub's own view once its deadline passed
        }
        finally
        {
            await agent.Process.ResumeAsync();
        }

        var refusal = await WaitForAckAsync(wire, "iot/v1/demo/streetlight/LAMP-001-03/cmd-ack", late.Id);
        Assert.False(refusal.GetProperty("ok").GetBoolean());
        Assert.StartsWith("expired: expiresTs ", refusal.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal((false, 100), cabinet.Lamp(2)); // not executed
        var shown = await WaitForCommandStateAsync(hub, late.Location, "failed");
        Assert.StartsWith("expired: ", shown.GetProperty("error").GetString(), StringComparison.Ordinal);

        // 5. A bad command never leaves the hub: refused by the API with the reason (ProblemDetails).
        var (status, problem, _) = await SendAsync(hub, HttpMethod.Post, "/api/devices/LAMP-001-01/commands", new { action = "dim", args = new { level = 1.5 } });
        Assert.Equal((int)HttpStatusCode.BadRequest, status.Code);
        Assert.Contains("level", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => simulating.WithinAsync("the cabinet simulator after cancellation"));
    }

    private static WireReading? Latest(Subscriber wire, string deviceId)
    {
        var service = deviceId.StartsWith("CAB", StringComparison.Ordinal) ? "cabinet" : "streetlight";
        return WireReading.Of(wire, $"iot/v1/demo/{service}/{deviceId}/telemetry").LastOrDefault();
    }

    private sealed record Command(string Id, string Location);

    private sealed record HttpStatus(int Code, string Text);

    /// <summary>An API call as the hub's test admin, with what a failure message needs: the status and the response text.</summary>
    private static async Task<(HttpStatus Status, JsonElement Body, Uri? Location)> SendAsync(HubInstance hub, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, options: TestJson.Options) };
        using var response = await hub.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var json = text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return (new HttpStatus((int)response.StatusCode, text), json, response.Headers.Location);
    }

    private static async Task<Command> SendCommandAsync(HubInstance hub, string deviceId, object body)
    {
        var (status, json, location) = await SendAsync(hub, HttpMethod.Post, $"/api/devices/{deviceId}/commands", body);
        Assert.True(status.Code == (int)HttpStatusCode.Accepted, $"POST command to {deviceId}: {status.Code} {status.Text}");
        Assert.Equal("pending", json.GetProperty("state").GetString());
        return new Command(json.GetProperty("id").GetString()!, location!.ToString());
    }

    private static async Task<JsonElement> WaitForCommandStateAsync(HubInstance hub, string location, string state)
    {
        JsonElement last = default;
        await Poll.UntilAsync(async () => (last = await hub.GetAsync<JsonElement>(location)).GetProperty("state").GetString() == state, Generous, () => $"command {location} {state} (it is {last})");
        return last;
    }

    private static async Task<JsonElement> WaitForAckAsync(Subscriber wire, string topic, string commandId)
    {
        JsonElement? ack = null;
        await Poll.UntilAsync(
            () =>
            {
                foreach (var message in wire.Messages.Where(m => m.Topic == topic))
                {
                    using var doc = JsonDocument.Parse(message.Payload);
                    if (doc.RootElement.GetProperty("id").GetString() == commandId)
                    {
                        ack = doc.RootElement.Clone();
                        return true;
                    }
                }

                return false;
            },
            Generous,
            () => $"cmd-ack of {commandId} on {topic}");
        return ack!.Value;
    }

    private static Task WaitForHubMetricAsync(HubInstance hub, string deviceId, string metric, string value)
    {
        JsonElement last = default;
        return Poll.UntilAsync(
            async () => (last = await hub.GetAsync<JsonElement>($"/api/devices/{deviceId}")).GetProperty("metrics").TryGetProperty(metric, out var m)
                && m.GetProperty("value").ValueKind == JsonValueKind.String && m.GetProperty("value").GetString() == value,
            Generous,
            () => $"the hub showing {deviceId} {metric} = {value} (it shows {last})");
    }
}
