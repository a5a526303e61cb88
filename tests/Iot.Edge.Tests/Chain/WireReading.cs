using System.Text.Json;
using Iot.Edge.Tests.Infrastructure;

namespace Iot.Edge.Tests.Chain;

/// <summary>A telemetry message as the subscriber received it on the wire.</summary>
public sealed record WireReading(string Topic, long Ts, long Seq, JsonElement Metrics)
{
    public double Number(string metric) => Metrics.GetProperty(metric).GetDouble();

    public string? Text(string metric) => Metrics.GetProperty(metric).GetString();

    public bool Has(string metric) => Metrics.TryGetProperty(metric, out _);

    /// <summary>The distinct telemetry of <paramref name="topic"/> (a message sent again is counted once), in arrival order.</summary>
    public static List<WireReading> Of(Subscriber subscriber, string topic)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var seen = new HashSet<long>();
        var list = new List<WireReading>();
        foreach (var message in subscriber.Messages.Where(m => m.Topic == topic))
        {
            using var doc = JsonDocument.Parse(message.Payload);
            var root = doc.RootElement;
            var seq = root.GetProperty("seq").GetInt64();
            if (seen.Add(seq))
            {
                list.Add(new WireReading(message.Topic, root.GetProperty("ts").GetInt64(), seq, root.GetProperty("metrics").Clone()));
            }
        }

        return list;
    }
}
