using System.Globalization;
using System.Text;

namespace Iot.Hub.Storage.Influx;

/// <summary>Quoting for InfluxQL text: identifiers in double quotes, string literals in single quotes, times in ns.</summary>
internal static class InfluxQl
{
    /// <summary><c>"name"</c>, with <c>\</c> and <c>"</c> escaped (InfluxQL reads <c>\\</c>, <c>\"</c>, <c>\'</c> and <c>\n</c> in quotes).</summary>
    public static string Identifier(string name) => Quote(name, '"');

    /// <summary><c>'text'</c>, with <c>\</c> and <c>'</c> escaped.</summary>
    public static string StringLiteral(string text) => Quote(text, '\'');

    /// <summary>
    /// <c>"db"."rp"."measurement"</c> when a retention policy is configured, else the bare measurement (the query's
    /// <c>db</c> parameter and the database's default policy apply).
    /// </summary>
    public static string Measurement(string database, string? retentionPolicy, string measurement) =>
        string.IsNullOrEmpty(retentionPolicy)
            ? Identifier(measurement)
            : $"{Identifier(database)}.{Identifier(retentionPolicy)}.{Identifier(measurement)}";

    /// <summary>A Unix-ms instant as an InfluxQL time literal in nanoseconds, clamped to what InfluxDB can hold.</summary>
    public static string TimeNs(long ms) =>
        (Math.Clamp(ms, InfluxSchema.MinMs, InfluxSchema.MaxMs + 1) * 1_000_000).ToString(CultureInfo.InvariantCulture);

    private static string Quote(string text, char quote)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 2).Append(quote);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case '\n':
                    builder.Append(@"\n");
                    break;
                default:
                    if (c == quote)
                    {
                        builder.Append('\\');
                    }

                    builder.Append(c);
                    break;
            }
        }

        return builder.Append(quote).ToString();
    }
}
