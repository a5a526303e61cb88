using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace Iot.Contracts;

/// <summary>
/// Validates and decodes payloads of wire contract v1. Every refusal names its reason and the field at fault.
/// Telemetry, the hot path, is read in one pass with <see cref="Utf8JsonReader"/>; the rarer kinds go through <see cref="JsonDocument"/>.
/// </summary>
public static partial class PayloadDecoder
{
    private static ReadOnlySpan<byte> TsName => "ts"u8;

    private static ReadOnlySpan<byte> SeqName => "seq"u8;

    private static ReadOnlySpan<byte> MetricsName => "metrics"u8;

    /// <summary>Size, UTF-8 and JSON shape checks shared by every kind.</summary>
    public static bool CheckEnvelope(ReadOnlySpan<byte> payload, ValidationOptions options, out ValidationError error)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (payload.Length > options.MaxPayloadBytes)
        {
            error = new(RejectReason.PayloadTooLarge, $"payload is {payload.Length} bytes; the limit is {options.MaxPayloadBytes}");
            return false;
        }

        if (!Utf8.IsValid(payload))
        {
            error = new(RejectReason.NotUtf8, "payload is not valid UTF-8");
            return false;
        }

        error = ValidationError.None;
        return true;
    }

    public static bool TryDecodeTelemetry(
        ReadOnlySpan<byte> payload, ServiceKind service, long nowMs, ValidationOptions options,
        out DecodedTelemetry? telemetry, out ValidationError error)
    {
        telemetry = null;
        if (!CheckEnvelope(payload, options, out error))
        {
            return false;
        }

        long? ts = null;
        long? seq = null;
        List<MetricReading>? metrics = null;
        List<string>? unknown = null;
        var sawMetrics = false;
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = options.MaxDepth });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = new(RejectReason.NotJson, "payload must be a JSON object");
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(TsName))
                {
                    reader.Read();
                    if (!TryReadInteger(ref reader, "ts", out var value, out error))
                    {
                        return false;
                    }

                    ts = value;
                }
                else if (reader.ValueTextEquals(SeqName))
                {
                    reader.Read();
                    if (!TryReadInteger(ref reader, "seq", out var value, out error))
                    {
                        return false;
                    }

                    seq = value;
                }
                else if (reader.ValueTextEquals(MetricsName))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        error = new(RejectReason.WrongType, "metrics must be an object");
                        return false;
                    }

                    if (sawMetrics)
                    {
                        reader.Skip();
                        error = new(RejectReason.WrongType, "metrics appears twice");
                        return false;
                    }

                    sawMetrics = true;
                    metrics = new List<MetricReading>(6);
                    if (!TryReadMetrics(ref reader, service, metrics, ref unknown, out error))
                    {
                        return false;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // Anything after the closing brace is an error the reader reports on the next Read.
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            error = JsonError(payload, ex, options);
            return false;
        }

        if (ts is null)
        {
            error = new(RejectReason.MissingTs, "ts (Unix milliseconds) is required");
            return false;
        }

        if (seq is null)
        {
            error = new(RejectReason.MissingSeq, "seq (per-device sequence number) is required");
            return false;
        }

        if (!sawMetrics)
        {
            error = new(RejectReason.MissingField, "metrics is required");
            return false;
        }

        if (!CheckTs(ts.Value, nowMs, options, checkHorizon: true, out error))
        {
            return false;
        }

        telemetry = new DecodedTelemetry(ts.Value, seq.Value, metrics!, (IReadOnlyList<string>?)unknown ?? []);
        return true;
    }

    private static bool TryReadMetrics(
        ref Utf8JsonReader reader, ServiceKind service, List<MetricReading> metrics, ref List<string>? unknown, out ValidationError error)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // An escaped name ("fill\u0069ngLevel") is compared unescaped, so it cannot dodge its metric's checks.
            var spec = reader.HasValueSequence ? null
                : reader.ValueIsEscaped ? MetricCatalog.Find(service, reader.GetString()!)
                : MetricCatalog.Find(service, reader.ValueSpan);
            var name = spec?.Name ?? reader.GetString()!;
            if (name.Length == 0)
            {
                error = new(RejectReason.WrongType, "metric names must not be empty");
                return false;
            }

            reader.Read();
            MetricValue value;
            switch (reader.TokenType)
            {
                case JsonTokenType.Number:
                    if (!reader.TryGetDouble(out var number) || !double.IsFinite(number))
                    {
                        error = new(RejectReason.NotFinite, $"metric '{name}' is not a finite number");
                        return false;
                    }

                    value = MetricValue.FromNumber(number);
                    break;
                case JsonTokenType.True:
                case JsonTokenType.False:
                    value = MetricValue.FromBool(reader.TokenType == JsonTokenType.True);
                    break;
                case JsonTokenType.String:
                    var text = spec?.Allowed is not null && !reader.ValueIsEscaped ? spec.MatchAllowed(reader.ValueSpan) : null;
                    value = MetricValue.FromText(text ?? reader.GetString()!);
                    break;
                default:
                    reader.Skip();
                    error = new(RejectReason.WrongType, $"metric '{name}' must be a number, a boolean or a string");
                    return false;
            }

            if (spec is null)
            {
                (unknown ??= []).Add(name);
            }
            else if (!CheckKnown(spec, value, out error))
            {
                return false;
            }

            metrics.Add(new MetricReading(name, value));
        }

        error = ValidationError.None;
        return true;
    }

    /// <summary>
    /// A reader failure is "too deep" when the payload opens containers past the limit before its first syntax error,
    /// "not JSON" otherwise. Only the error path pays for this second read, which has no depth limit of its own.
    /// </summary>
    private static ValidationError JsonError(ReadOnlySpan<byte> payload, JsonException exception, ValidationOptions options)
    {
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = int.MaxValue });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= options.MaxDepth)
                {
                    return new(RejectReason.TooDeep, $"JSON nesting deeper than {options.MaxDepth}");
                }
            }
        }
        catch (JsonException)
        {
            // The syntax error comes first: not JSON.
        }

        return new(RejectReason.NotJson, exception.Message);
    }

    /// <summary>Checks a value against its metric's type and range.</summary>
    public static bool CheckKnown(MetricSpec spec, MetricValue value, out ValidationError error)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (value.Kind != spec.Kind)
        {
            var expected = spec.Kind switch
            {
                MetricValueKind.Number => "a number",
                MetricValueKind.Bool => "a boolean",
                _ => "a string",
            };
            error = new(RejectReason.WrongType, $"metric '{spec.Name}' must be {expected}");
            return false;
        }

        if (spec.Kind == MetricValueKind.Number && !(value.Number >= spec.Min && value.Number <= spec.Max))
        {
            error = new(RejectReason.OutOfRange, string.Create(
                CultureInfo.InvariantCulture, $"metric '{spec.Name}' = {value.Number} is outside {spec.Min}..{spec.Max}"));
            return false;
        }

        if (spec.Allowed is { } allowed && !allowed.Contains(value.Text))
        {
            error = new(RejectReason.OutOfRange, $"metric '{spec.Name}' = '{value.Text}' is not one of {string.Join('|', allowed)}");
            return false;
        }

        error = ValidationError.None;
        return true;
    }

    private static bool TryReadInteger(ref Utf8JsonReader reader, string field, out long value, out ValidationError error)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out value) || value < 0)
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }

            value = 0;
            error = new(RejectReason.WrongType, $"{field} must be a non-negative integer");
            return false;
        }

        error = ValidationError.None;
        return true;
    }

    internal static bool CheckTs(long ts, long nowMs, ValidationOptions options, bool checkHorizon, out ValidationError error)
    {
        if (ts > nowMs + (long)options.MaxFutureSkew.TotalMilliseconds)
        {
            error = new(RejectReason.TsInFuture, string.Create(CultureInfo.InvariantCulture, $"ts is {ts - nowMs} ms ahead of the hub clock (limit {options.MaxFutureSkew.TotalMilliseconds} ms); is it in Unix milliseconds?"));
            return false;
        }

        if (checkHorizon && ts < nowMs - (long)options.Horizon.TotalMilliseconds)
        {
            error = new(RejectReason.TsTooOld, string.Create(CultureInfo.InvariantCulture, $"ts is {nowMs - ts} ms old (horizon {options.Horizon.TotalMilliseconds} ms)"));
            return false;
        }

        error = ValidationError.None;
        return true;
    }

    /// <summary>Writes a telemetry payload; the form edge agents and simulators publish.</summary>
    public static void WriteTelemetry(IBufferWriter<byte> output, long ts, long seq, IEnumerable<MetricReading> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteNumber(TsName, ts);
        writer.WriteNumber(SeqName, seq);
        writer.WriteStartObject(MetricsName);
        foreach (var metric in metrics)
        {
            writer.WritePropertyName(metric.Name);
            switch (metric.Value.Kind)
            {
                case MetricValueKind.Number: writer.WriteNumberValue(metric.Value.Number); break;
                case MetricValueKind.Bool: writer.WriteBooleanValue(metric.Value.Bool); break;
                default: writer.WriteStringValue(metric.Value.Text); break;
            }
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
