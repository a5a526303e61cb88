using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Iot.Testing.Servers;
using MQTTnet;
using MQTTnet.Protocol;

namespace Iot.Edge.Tests.Infrastructure;

/// <summary>
/// A persistent-session MQTT subscriber standing for the hub: records every message in arrival order, with
/// <c>seq</c> parsed for telemetry and events. Reconnects (same session) after a broker restart when asked.
/// </summary>
public sealed class Subscriber : IAsyncDisposable
{
    private readonly MosquittoFixture _broker;
    private readonly string _clientId;
    private readonly string[] _filters;
    private IMqttClient? _client;

    private Subscriber(MosquittoFixture broker, string clientId, string[] filters)
    {
        _broker = broker;
        _clientId = clientId;
        _filters = filters;
    }

    public ConcurrentQueue<Received> Messages { get; } = new();

    public IMqttClient Client => _client!;

    public static async Task<Subscriber> StartAsync(MosquittoFixture broker, params string[] filters)
    {
        var subscriber = new Subscriber(broker, "test-hub-" + Guid.NewGuid().ToString("N")[..8], filters);
        await subscriber.ConnectAsync();
        return subscriber;
    }

    /// <summary>Connects again with the same (persistent) session, e.g. after the broker came back.</summary>
    public async Task ConnectAsync()
    {
        _client?.Dispose();
        var client = await _broker.ConnectAsync(_clientId, persistent: true);
        client.ApplicationMessageReceivedAsync += e =>
        {
            var payload = Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload));
            long? seq = null;
            using (var doc = JsonDocument.Parse(payload))
            {
                if (doc.RootElement.TryGetProperty("seq", out var s))
                {
                    seq = s.GetInt64();
                }
            }

            Messages.Enqueue(new Received(e.ApplicationMessage.Topic, payload, seq, e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in _filters)
        {
            subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        await client.SubscribeAsync(subscribe.Build());
        _client = client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is { IsConnected: true })
        {
            await _client.DisconnectAsync();
        }

        _client?.Dispose();
    }

    public sealed record Received(string Topic, string Payload, long? Seq, bool Retained);
}
