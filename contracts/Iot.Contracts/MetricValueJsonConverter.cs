using System.Text.Json;
using System.Text.Json.Serialization;

namespace Iot.Contracts;

/// <summary>Writes a <see cref="MetricValue"/> as a bare JSON scalar and reads one back.</summary>
public sealed class MetricValueJsonConverter : JsonConverter<MetricValue>
{
    public override MetricValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => MetricValue.FromNumber(reader.GetDouble()),
        JsonTokenType.True => MetricValue.FromBool(true),
        JsonTokenType.False => MetricValue.FromBool(false),
        JsonTokenType.String => MetricValue.FromText(reader.GetString()!),
        _ => throw new JsonException("A metric value must be a number, a boolean or a string."),
    };

    public override void Write(Utf8JsonWriter writer, MetricValue value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value.Kind)
        {
            case MetricValueKind.Number:
                writer.WriteNumberValue(value.Number);
                break;
            case MetricValueKind.Bool:
                writer.WriteBooleanValue(value.Bool);
                break;
            default:
                writer.WriteStringValue(value.Text);
                break;
        }
    }
}
