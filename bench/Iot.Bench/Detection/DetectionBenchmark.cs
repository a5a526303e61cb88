using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Iot.Bench.Ingest;
using Iot.City;
using Iot.Contracts;
using MQTTnet;
using MQTTnet.Protocol;

namespace Iot.Bench.Detection;

/// <summary>
/// Detection latency against the hub as a separate process: agents with a Last Will lose their connection abruptly
/// (TCP reset through <see cref="AbruptProxy"/>) → how long until their <c>comm_lost</c> ticket is listed by
/// <c>GET /api/tickets</c> (polled every 20 ms, so figures include up to 20 ms of polling).
/// </summary>
internal static class DetectionBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var agentCount = Option(args, "--agents", 48);
        var cityFile = Path.Combine(AppContext.BaseDirectory, "cities", "demo.city.json");
        var city = CityLoader.Load(cityFile);
        var agents = city.Agents.Where(a => a.Id.StartsWith("CAB-", StringComparison.Ordinal)).Take(agentCount).ToArray();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var mqttPort = ServerProcess.FreePort();
        var (hub, secrets) = await HubUnderTest.StartAsync(cityFile, mqttPort, agents.Select(a => a.Id), ["--Simulation:Enabled=false"], cancel.Token);
        await using var _ = hub;
        Console.WriteLine($"detection: {agents.Length} cabinet agents with a Last Will, each connection reset in turn, 250 ms apart");

        var connections = new List<(Agent Agent, AbruptProxy Proxy, IMqttClient Client)>();
        foreach (var agent in agents)
        {
            var proxy = new AbruptProxy(mqttPort);
            var client = new MqttClientFactory().CreateMqttClient();
            var topic = Topics.Format(agent.CommuneId, ServiceKind.Cabinet, agent.Id, MessageKind.Status);
            var session = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var options = new MqttClientOptionsBuilder()
                .WithTcpServer("127.0.0.1", proxy.Port).WithClientId(agent.Id).WithCredentials(agent.Id, secrets[agent.Id])
                .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
                .WithWillTopic(topic).WithWillRetain().WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithWillPayload(Status(agent.Id, StatusPayload.Offline, session))
                .Build();
            await client.ConnectAsync(options, cancel.Token);
            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithRetainFlag()
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithPayload(Status(agent.Id, StatusPayload.Online, session)).Build(), cancel.Token);
            connections.Add((agent, proxy, client));
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancel.Token);
        var killedAt = new Dictionary<string, long>();
        var seenAt = new Dictionary<string, long>();
        var poller = PollAsync(hub.Http, killedAt, seenAt, agents.Length, cancel.Token);
        foreach (var (agent, proxy, _) in connections)
        {
            lock (killedAt)
            {
                killedAt[agent.Id] = proxy.Kill();
            }

            await Task.Delay(250, cancel.Token);
        }

        var complete = await poller;
        var latencies = killedAt.Keys.Where(seenAt.ContainsKey).Select(id => (double)(seenAt[id] - killedAt[id])).Order().ToArray();
        foreach (var (_, proxy, client) in connections)
        {
            client.Dispose();
            await proxy.DisposeAsync();
        }

        if (!complete || latencies.Length < agents.Length)
        {
            Console.WriteLine($"MISSED: {agents.Length - latencies.Length} of {agents.Length} abrupt disconnects got no comm_lost ticket within 30 s");
            Console.WriteLine(hub.Output);
            return 1;
        }

        Console.WriteLine($"abrupt disconnect → ticket listed: n={latencies.Length} p50={Percentile(latencies, 0.50):0} ms p99={Percentile(latencies, 0.99):0} ms max={latencies[^1]:0} ms (target p99 ≤ 2000 ms)");
        Console.WriteLine($"ratio_abrupt_p99_to_target={Percentile(latencies, 0.99) / 2000:0.000}");
        return await SilenceAsync(city, cityFile, cancel.Token);
    }

    /// <summary>
    /// Every bin of the demo reports once, then falls silent; with a 10 s silence deadline (interval 5 s × factor 2),
    /// how long after its deadline is each bin's <c>device_silent</c> ticket listed? The deadline is taken from the moment
    /// the bench started publishing the bin's message (before the hub received it), so the figure can only overstate.
    /// </summary>
    private static async Task<int> SilenceAsync(CityModel city, string cityFile, CancellationToken cancellationToken)
    {
        const int deadlineMs = 10_000;
        var gateways = city.Agents.Where(a => a.Id.StartsWith("GW-", StringComparison.Ordinal)).ToArray();
        var mqttPort = ServerProcess.FreePort();
        var (hub, secrets) = await HubUnderTest.StartAsync(cityFile, mqttPort, gateways.Select(a => a.Id),
            ["--Simulation:Enabled=false", "--Detection:Wastebin:ExpectedIntervalSeconds=5", "--Detection:Wastebin:SilenceFactor=2"], cancellationToken);
        await using var _ = hub;
        var sentAt = new Dictionary<string, long>();
        var clients = new List<IMqttClient>();
        foreach (var gateway in gateways)
        {
            var client = new MqttClientFactory().CreateMqttClient();
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", mqttPort).WithClientId(gateway.Id)
                .WithCredentials(gateway.Id, secrets[gateway.Id]).WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build(), cancellationToken);
            clients.Add(client);
            foreach (var bin in city.Assets.Where(a => a.AgentId == gateway.Id && a.Service == ServiceKind.Wastebin))
            {
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                sentAt[bin.Id] = now;
                await client.PublishAsync(new MqttApplicationMessageBuilder()
                    .WithTopic(Topics.Format(bin.CommuneId, ServiceKind.Wastebin, bin.Id, MessageKind.Telemetry))
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithPayload($"{{\"ts\":{now},\"seq\":1,\"metrics\":{{\"fillingLevel\":0.3,\"batteryLevel\":0.9}}}}").Build(), cancellationToken);
            }
        }

        Console.WriteLine($"silence: {sentAt.Count} bins report once through {gateways.Length} connected gateways, then stay silent; deadline {deadlineMs / 1000} s");
        var seenAt = new Dictionary<string, long>();
        var giveUp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + deadlineMs + 30_000;
        while (seenAt.Count < sentAt.Count && DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() < giveUp)
        {
            var page = await hub.Http.GetFromJsonAsync<JsonElement>("/api/tickets?status=open&service=wastebin&pageSize=500", cancellationToken);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            foreach (var ticket in page.GetProperty("items").EnumerateArray())
            {
                if (ticket.GetProperty("rule").GetString() == "device_silent" && ticket.GetProperty("deviceId").GetString() is { } bin)
                {
                    seenAt.TryAdd(bin, now);
                }
            }

            await Task.Delay(20, cancellationToken);
        }

        foreach (var client in clients)
        {
            client.Dispose();
        }

        var lateness = sentAt.Keys.Where(seenAt.ContainsKey).Select(id => (double)(seenAt[id] - sentAt[id] - deadlineMs)).Order().ToArray();
        if (lateness.Length < sentAt.Count)
        {
            Console.WriteLine($"MISSED: {sentAt.Count - lateness.Length} of {sentAt.Count} silent bins got no device_silent ticket within 30 s of their deadline");
            return 1;
        }

        var early = lateness.Count(l => l < -500);
        Console.WriteLine($"silent device → ticket listed, after its deadline: n={lateness.Length} p50={Percentile(lateness, 0.50):0} ms p99={Percentile(lateness, 0.99):0} ms max={lateness[^1]:0} ms (target ≤ 1000 ms); more than 0.5 s early: {early}");
        Console.WriteLine($"ratio_silence_max_to_target={lateness[^1] / 1000:0.000}");
        return early == 0 ? 0 : 1;
    }

    private static async Task<bool> PollAsync(HttpClient http, Dictionary<string, long> killedAt, Dictionary<string, long> seenAt, int expected, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (seenAt.Count < expected)
        {
            int killed;
            lock (killedAt)
            {
                killed = killedAt.Count;
            }

            if (killed == expected && watch.Elapsed > TimeSpan.FromSeconds(30) + TimeSpan.FromMilliseconds(250 * expected))
            {
                return false;
            }

            var page = await http.GetFromJsonAsync<JsonElement>("/api/tickets?status=open&pageSize=500", cancellationToken);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            foreach (var ticket in page.GetProperty("items").EnumerateArray())
            {
                if (ticket.GetProperty("rule").GetString() == "comm_lost" && ticket.GetProperty("groupId").GetString() is { } agent)
                {
                    seenAt.TryAdd(agent, now);
                }
            }

            await Task.Delay(20, cancellationToken);
        }

        return true;
    }

    private static byte[] Status(string agent, string state, long session) => JsonSerializer.SerializeToUtf8Bytes(
        new StatusPayload(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), state, session, agent, "bench"), WireJsonContext.Default.StatusPayload);

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
    }
}
