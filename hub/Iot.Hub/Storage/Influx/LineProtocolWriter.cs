using System.Buffers;
using System.Globalization;
using System.Text;
using Iot.Contracts;

namespace Iot.Hub.Storage.Influx;

/// <summary>
/// Writes telemetry as InfluxDB 1.x line protocol, UTF-8, one point per line, into a reusable buffer. Escaping follows
/// the 1.x rules: measurement <c>,</c> and space; tag keys, tag values and field keys <c>,</c> <c>=</c> and space; string
/// field values <c>"</c> and <c>\</c>. Names are first mapped by <see cref="InfluxSchema.Key"/>, so no key or tag value
/// holds a newline; string values may (a quoted newline is part of the value in 1.x).
/// </summary>
internal sealed class LineProtocolWriter
{
    private static readonly SearchValues<char> MeasurementSpecials = SearchValues.Create(", ");
    private static readonly SearchValues<char> KeySpecials = SearchValues.Create(", =");
    private static readonly SearchValues<char> StringSpecials = SearchValues.Create("\"\\");

    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);

    /// <summary>The lines written since the last <see cref="Clear"/>, each ending with <c>\n</c>.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    public int LineCount { get; private set; }

    public void Clear()
    {
        _buffer.Clear();
        LineCount = 0;
    }

    /// <summary>
    /// Appends the lines of one message: one per value kind present, each with the <c>seq</c> field. Returns false (and
    /// writes nothing) when InfluxDB cannot hold the message, with the reason in <paramref name="problem"/>.
    /// </summary>
    public bool TryAppend(StoredTelemetry message, string? commune, string? service, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Ts is < InfluxSchema.MinMs or > InfluxSchema.MaxMs)
        {
            problem = $"ts {message.Ts} is outside the range InfluxDB can store";
            return false;
        }

        foreach (var metric in message.Metrics)
        {
            if (metric.Value.Kind == MetricValueKind.Number && !double.IsFinite(metric.Value.Number))
            {
                problem = $"metric '{metric.Name}' is not a finite number";
                return false;
            }
        }

        var timestamp = InfluxSchema.TimestampNs(message.Ts, message.Seq);
        var metrics = message.Metrics;
        for (var kind = MetricValueKind.Number; kind <= MetricValueKind.Text; kind++)
        {
            var started = false;
            for (var i = 0; i < metrics.Count; i++)
            {
                var metric = metrics[i];
                if (metric.Value.Kind != kind || IsRepeated(metrics, i))
                {
                    continue;
                }

                if (started)
                {
                    WriteByte((byte)',');
                }
                else
                {
                    WriteSeriesKey(InfluxSchema.MeasurementFor(kind), message.DeviceId, commune, service);
                    WriteByte((byte)' ');
                    started = true;
                }

                WriteEscaped(InfluxSchema.Key(metric.Name, isField: true), KeySpecials);
                WriteByte((byte)'=');
                WriteValue(metric.Value);
            }

            if (started)
            {
                WriteAscii(",seq=");
                WriteFormatted(message.Seq);
                WriteByte((byte)'i');
                WriteByte((byte)' ');
                WriteFormatted(timestamp);
                WriteByte((byte)'\n');
                LineCount++;
            }
        }

        problem = null;
        return true;
    }

    /// <summary>Measurement and tags, sorted by tag key as InfluxDB stores them.</summary>
    private void WriteSeriesKey(string measurement, string device, string? commune, string? service)
    {
        WriteEscaped(measurement, MeasurementSpecials);
        if (commune is not null)
        {
            WriteTag(InfluxSchema.CommuneTag, commune);
        }

        WriteTag(InfluxSchema.DeviceTag, device);
        if (service is not null)
        {
            WriteTag(InfluxSchema.ServiceTag, service);
        }
    }

    private void WriteTag(string key, string value)
    {
        WriteByte((byte)',');
        WriteEscaped(key, KeySpecials);
        WriteByte((byte)'=');
        WriteEscaped(InfluxSchema.Key(value, isField: false), KeySpecials);
    }

    private void WriteValue(MetricValue value)
    {
        switch (value.Kind)
        {
            case MetricValueKind.Number:
                // "R" is the shortest text that parses back to the same double; InfluxDB reads it as a float (no "i").
                var span = _buffer.GetSpan(32);
                if (!value.Number.TryFormat(span, out var written, "R", CultureInfo.InvariantCulture))
                {
                    throw new InvalidOperationException("a double did not fit in 32 bytes");
                }

                _buffer.Advance(written);
                break;
            case MetricValueKind.Bool:
                WriteAscii(value.Bool ? "true" : "false");
                break;
            default:
                WriteByte((byte)'"');
                WriteEscaped(value.Text!, StringSpecials);
                WriteByte((byte)'"');
                break;
        }
    }

    /// <summary>A metric named twice in one message keeps its first value, as the SQLite store does.</summary>
    private static bool IsRepeated(IReadOnlyList<MetricReading> metrics, int index)
    {
        var name = metrics[index].Name;
        for (var j = 0; j < index; j++)
        {
            if (string.Equals(metrics[j].Name, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private void WriteEscaped(ReadOnlySpan<char> text, SearchValues<char> specials)
    {
        while (!text.IsEmpty)
        {
            var i = text.IndexOfAny(specials);
            WriteUtf8(i < 0 ? text : text[..i]);
            if (i < 0)
            {
                return;
            }

            WriteByte((byte)'\\');
            WriteByte((byte)text[i]);
            text = text[(i + 1)..];
        }
    }

    private void WriteUtf8(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var written = Encoding.UTF8.GetBytes(text, _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
        _buffer.Advance(written);
    }

    private void WriteAscii(string text)
    {
        var span = _buffer.GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }

        _buffer.Advance(text.Length);
    }

    private void WriteFormatted(long value)
    {
        value.TryFormat(_buffer.GetSpan(20), out var written, provider: CultureInfo.InvariantCulture);
        _buffer.Advance(written);
    }

    private void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }
}
