using System.Text;

namespace Iot.Contracts;

/// <summary>What a known metric may hold. Numbers are checked against [Min, Max]; texts against <see cref="Allowed"/> when given.</summary>
public sealed class MetricSpec
{
    private MetricSpec(string name, MetricValueKind kind, double min, double max, string[]? allowed, string? unit)
    {
        Name = name;
        Utf8Name = Encoding.UTF8.GetBytes(name);
        Kind = kind;
        Min = min;
        Max = max;
        Allowed = allowed;
        _allowedUtf8 = allowed?.Select(Encoding.UTF8.GetBytes).ToArray();
        Unit = unit;
    }

    private readonly byte[][]? _allowedUtf8;

    public string Name { get; }

    public byte[] Utf8Name { get; }

    public MetricValueKind Kind { get; }

    public double Min { get; }

    public double Max { get; }

    public IReadOnlyList<string>? Allowed { get; }

    public string? Unit { get; }

    public static MetricSpec Number(string name, double min, double max, string? unit = null) => new(name, MetricValueKind.Number, min, max, null, unit);

    public static MetricSpec Fraction(string name) => new(name, MetricValueKind.Number, 0, 1, null, "fraction");

    public static MetricSpec Bool(string name) => new(name, MetricValueKind.Bool, 0, 1, null, null);

    public static MetricSpec Enum(string name, params string[] allowed) => new(name, MetricValueKind.Text, 0, 0, allowed, null);

    public static MetricSpec Text(string name) => new(name, MetricValueKind.Text, 0, 0, null, null);

    /// <summary>Returns the canonical (interned) enum string, or null when <paramref name="utf8"/> is not allowed.</summary>
    internal string? MatchAllowed(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < _allowedUtf8!.Length; i++)
        {
            if (utf8.SequenceEqual(_allowedUtf8[i]))
            {
                return Allowed![i];
            }
        }

        return null;
    }
}
