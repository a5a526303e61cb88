using System.Security.Cryptography;
using System.Text;

namespace Iot.Simulation;

/// <summary>Keeps everything the engine emits, for tests and for checking determinism without a broker.</summary>
public sealed class InMemoryFleetSink : IFleetSink
{
    private readonly List<SinkRecord> _records = [];

    public IReadOnlyList<SinkRecord> Records => _records;

    public IEnumerable<SinkRecord> Published => _records.Where(r => r.Kind == SinkRecordKind.Publish);

    public void Connect(AgentConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _records.Add(new SinkRecord(SinkRecordKind.Connect, connection.AgentId, connection.Will.Topic, connection.Will.Payload, connection.Session));
    }

    public void Publish(string agentId, FleetMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _records.Add(new SinkRecord(SinkRecordKind.Publish, agentId, message.Topic, message.Payload, 0));
    }

    public void Disconnect(string agentId, bool clean) =>
        _records.Add(new SinkRecord(clean ? SinkRecordKind.CleanDisconnect : SinkRecordKind.AbruptDisconnect, agentId, null, null, 0));

    /// <summary>SHA-256 over every record in order (kind, agent, topic, payload), hex.</summary>
    public string Hash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var record in _records)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{record.Kind}|{record.AgentId}|{record.Topic}|"));
            hash.AppendData(record.Payload ?? []);
            hash.AppendData("\n"u8);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
