using System.Text.Json.Serialization;
using Iot.Edge.Agent;
using Iot.Edge.Queue;

namespace Iot.Edge.Internal;

/// <summary>JSON of the agent's own state files in the data directory.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(QueueCursorFile))]
[JsonSerializable(typeof(SequenceFile))]
internal sealed partial class EdgeJsonContext : JsonSerializerContext;
