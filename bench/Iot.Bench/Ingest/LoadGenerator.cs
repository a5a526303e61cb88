using System.Buffers;
using System.Diagnostics;
using Iot.Contracts;
using MQTTnet;
using MQTTnet.Protocol;

namespace Iot.Bench.Ingest;

/// <summary>
/// The MQTTnet-based publisher used against every system under test: one connection per agent, a few concurrent
/// QoS 1 publish loops per connection, each message for the next device of the agent, with <c>ts</c> = publish time.
/// </summary>
internal sealed class LoadGenerator(IReadOnlyList<AgentLoad> agents, string host, int port, int loopsPerAgent)
{
    private readonly List<IMqttClient> _clients = [];
    private long _sent;
    private long _acked;
    private long _failed;
    private long _payloadBytes;

    public long Sent => Interlocked.Read(ref _sent);

    public long Acked => Interlocked.Read(ref _acked);

    public long Failed => Interlocked.Read(ref _failed);

    public double MeanPayloadBytes => Sent == 0 ? 0 : (double)Interlocked.Read(ref _payloadBytes) / Sent;

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        foreach (var agent in agents)
        {
            var client = new MqttClientFactory().CreateMqttClient();
            var options = new MqttClientOptionsBuilder()
                .WithTcpServer(host, port)
                .WithClientId(agent.AgentId)
                .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
                .WithTimeout(TimeSpan.FromSeconds(60));
            if (agent.Secret is not null)
            {
                options.WithCredentials(agent.AgentId, agent.Secret);
            }

            var result = await client.ConnectAsync(options.Build(), cancellationToken);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new InvalidOperationException($"{agent.AgentId} could not connect: {result.ResultCode}");
            }

            _clients.Add(client);
        }
    }

    /// <summary>Publishes for <paramref name="duration"/>; at most <paramref name="ratePerSecond"/> messages/s in total when given.</summary>
    public async Task RunAsync(TimeSpan duration, double? ratePerSecond, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var loops = new List<Task>();
        var totalLoops = agents.Count * loopsPerAgent;
        for (var a = 0; a < agents.Count; a++)
        {
            for (var l = 0; l < loopsPerAgent; l++)
            {
                loops.Add(PublishLoopAsync(_clients[a], agents[a], l, watch, duration, ratePerSecond / totalLoops, cancellationToken));
            }
        }

        await Task.WhenAll(loops);
    }

    public async Task DisconnectAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisconnectAsync();
            client.Dispose();
        }

        _clients.Clear();
    }

    private async Task PublishLoopAsync(IMqttClient client, AgentLoad agent, int loop, Stopwatch watch, TimeSpan duration, double? rate, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var buffer = new ArrayBufferWriter<byte>(160);
        var random = new Random(agent.AgentId.GetHashCode(StringComparison.Ordinal) ^ loop);
        long sentHere = 0;
        // Each loop owns the devices at positions loop, loop + loops, ... so seq numbers never collide.
        var devices = agent.Topics.Where((_, i) => i % loopsPerAgent == loop).ToArray();
        if (devices.Length == 0)
        {
            return;
        }

        while (watch.Elapsed < duration && !cancellationToken.IsCancellationRequested)
        {
            if (rate is { } r)
            {
                var due = TimeSpan.FromSeconds(sentHere / r);
                if (due > watch.Elapsed)
                {
                    await Task.Delay(due - watch.Elapsed, cancellationToken);
                }
            }

            var device = devices[sentHere % devices.Length];
            buffer.ResetWrittenCount();
            PayloadDecoder.WriteTelemetry(buffer, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), device.NextSeq++,
            [
                new("powerState", "on"),
                new("voltage", Math.Round(228 + (random.NextDouble() * 4), 1)),
                new("current", Math.Round(0.15 + (random.NextDouble() * 0.05), 2)),
                new("powerConsumption", Math.Round(38 + (random.NextDouble() * 6), 1)),
            ]);
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(device.Topic)
                .WithPayload(buffer.WrittenSpan.ToArray())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            Interlocked.Increment(ref _sent);
            Interlocked.Add(ref _payloadBytes, buffer.WrittenCount);
            sentHere++;
            var result = await client.PublishAsync(message, cancellationToken);
            if (result.ReasonCode is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers)
            {
                Interlocked.Increment(ref _acked);
            }
            else
            {
                Interlocked.Increment(ref _failed);
            }
        }
    }
}

/// <summary>One agent's connection and the devices it publishes for.</summary>
internal sealed record AgentLoad(string AgentId, string? Secret, IReadOnlyList<DeviceLoad> Topics);

/// <summary>A device's telemetry topic and its next seq.</summary>
internal sealed class DeviceLoad(string topic)
{
    public string Topic { get; } = topic;

    public long NextSeq { get; set; } = 1;
}
