using System.Collections.Frozen;
using System.Text;
using Iot.Contracts;

namespace Iot.Hub.Storage.Influx;

/// <summary>
/// How telemetry is laid out in InfluxDB. One measurement per value kind, so a field's type never changes within a
/// measurement (InfluxDB answers "field type conflict" otherwise): numbers in <c>telemetry</c> (float fields), booleans in
/// <c>telemetry_bool</c>, texts in <c>telemetry_text</c>. Tags <c>commune</c>, <c>device</c>, <c>service</c>; one field per
/// metric plus the integer field <c>seq</c>. Names that line protocol cannot carry faithfully are mapped by
/// <see cref="Key"/>, on writes and on queries alike.
/// </summary>
internal static class InfluxSchema
{
    public const string NumberMeasurement = "telemetry";
    public const string BoolMeasurement = "telemetry_bool";
    public const string TextMeasurement = "telemetry_text";
    public const string DeviceTag = "device";
    public const string CommuneTag = "commune";
    public const string ServiceTag = "service";
    public const string SeqField = "seq";

    /// <summary>Every measurement, in the order of <see cref="MetricValueKind"/>.</summary>
    public static IReadOnlyList<string> Measurements { get; } = [NumberMeasurement, BoolMeasurement, TextMeasurement];

    /// <summary>
    /// Field keys a metric may not take as they are: <c>time</c> is refused by InfluxDB, <c>seq</c> is ours, and a field
    /// named like a tag makes InfluxQL ambiguous.
    /// </summary>
    private static readonly FrozenSet<string> ReservedFieldKeys =
        FrozenSet.ToFrozenSet([SeqField, "time", DeviceTag, CommuneTag, ServiceTag], StringComparer.Ordinal);

    /// <summary>Lowest and highest message <c>ts</c> (Unix ms) InfluxDB can hold once the sub-millisecond part is added.</summary>
    public const long MinMs = -9_223_372_036_854;
    public const long MaxMs = 9_223_372_036_853;

    /// <summary>
    /// The InfluxDB timestamp of a message, in nanoseconds: its <c>ts</c> in milliseconds, plus <c>seq mod 1,000,000</c>
    /// nanoseconds. Two messages of one device in the same millisecond stay two points, a replayed message lands on the
    /// same point (InfluxDB overwrites it), and the millisecond read back is exactly <c>ts</c>.
    /// </summary>
    public static long TimestampNs(long ts, long seq) => (ts * 1_000_000) + (((seq % 1_000_000) + 1_000_000) % 1_000_000);

    public static long NsToMs(long ns) => Math.DivRem(ns, 1_000_000, out var rest) - (rest < 0 ? 1 : 0);

    public static string MeasurementFor(MetricValueKind kind) => Measurements[(int)kind];

    /// <summary>
    /// The tag value or field key that stands for <paramref name="name"/>. Most names are kept as they are. A name is
    /// written as <c>~</c> followed by its percent-encoded form (<c>%</c>, <c>\</c> and control characters encoded) when
    /// it is empty, starts with <c>~</c>, is a reserved field key, contains a control character (line protocol cannot
    /// carry newlines in keys or tags), or has an odd run of backslashes before a space, comma, equals sign or its end
    /// (InfluxDB 1.x does not unescape <c>\\</c> in keys and tags, so such a backslash would swallow the delimiter).
    /// The mapping is one-to-one.
    /// </summary>
    public static string Key(string name, bool isField)
    {
        ArgumentNullException.ThrowIfNull(name);
        return IsKeptAsIs(name, isField) ? name : "~" + PercentEncode(name);
    }

    public static bool IsKeptAsIs(string name, bool isField)
    {
        if (name.Length == 0 || name[0] == '~' || (isField && ReservedFieldKeys.Contains(name)))
        {
            return false;
        }

        var backslashes = 0;
        foreach (var c in name)
        {
            if (c < 0x20 || c == 0x7f)
            {
                return false;
            }

            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            if (backslashes % 2 == 1 && c is ' ' or ',' or '=')
            {
                return false;
            }

            backslashes = 0;
        }

        return backslashes % 2 == 0;
    }

    private static string PercentEncode(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            if (c is '%' or '\\' || c < 0x20 || c == 0x7f)
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
