using System.Globalization;
using System.Text.Json.Serialization;

namespace Iot.Contracts;

/// <summary>A scalar metric value: a finite number, a boolean or a short text (enum values, ids).</summary>
[JsonConverter(typeof(MetricValueJsonConverter))]
public readonly record struct MetricValue
{
    private MetricValue(MetricValueKind kind, double number, string? text)
    {
        Kind = kind;
        Number = number;
        Text = text;
    }

    public MetricValueKind Kind { get; }

    /// <summary>The number; for a boolean 1 or 0; NaN for text.</summary>
    public double Number { get; }

    public string? Text { get; }

    public bool Bool => Kind == MetricValueKind.Bool && Number != 0;

    public static MetricValue FromNumber(double value) => new(MetricValueKind.Number, value, null);

    public static MetricValue FromBool(bool value) => new(MetricValueKind.Bool, value ? 1 : 0, null);

    public static MetricValue FromText(string value) => new(MetricValueKind.Text, double.NaN, value ?? throw new ArgumentNullException(nameof(value)));

    public static implicit operator MetricValue(double value) => FromNumber(value);

    public static implicit operator MetricValue(bool value) => FromBool(value);

    public static implicit operator MetricValue(string value) => FromText(value);

    /// <summary>The value as a CLR object (double, bool or string), for JSON APIs.</summary>
    public object ToObject() => Kind switch
    {
        MetricValueKind.Number => Number,
        MetricValueKind.Bool => Bool,
        _ => Text!,
    };

    public override string ToString() => Kind switch
    {
        MetricValueKind.Number => Number.ToString("R", CultureInfo.InvariantCulture),
        MetricValueKind.Bool => Bool ? "true" : "false",
        _ => Text!,
    };
}
