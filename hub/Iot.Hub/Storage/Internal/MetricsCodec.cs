using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Iot.Contracts;

namespace Iot.Hub.Storage.Internal;

/// <summary>
/// The body of a stored message: for each metric, its id (varint), its kind (one byte), then a little-endian double
/// (number, bool as 0/1) or a varint length and UTF-8 bytes (text). Compact, and decodable one metric at a time.
/// </summary>
internal static class MetricsCodec
{
    public static void Write(ArrayBufferWriter<byte> output, IReadOnlyList<(long MetricId, MetricValue Value)> metrics)
    {
        foreach (var (id, value) in metrics)
        {
            WriteVarint(output, (ulong)id);
            output.GetSpan(1)[0] = (byte)value.Kind;
            output.Advance(1);
            if (value.Kind == MetricValueKind.Text)
            {
                var length = Encoding.UTF8.GetByteCount(value.Text!);
                WriteVarint(output, (ulong)length);
                Encoding.UTF8.GetBytes(value.Text, output.GetSpan(length));
                output.Advance(length);
            }
            else
            {
                BinaryPrimitives.WriteDoubleLittleEndian(output.GetSpan(8), value.Number);
                output.Advance(8);
            }
        }
    }

    /// <summary>Finds metric <paramref name="metricId"/> in <paramref name="body"/>.</summary>
    public static bool TryFind(ReadOnlySpan<byte> body, long metricId, out MetricValue value)
    {
        while (!body.IsEmpty)
        {
            var id = (long)ReadVarint(ref body);
            var kind = (MetricValueKind)body[0];
            body = body[1..];
            if (kind == MetricValueKind.Text)
            {
                var length = (int)ReadVarint(ref body);
                if (id == metricId)
                {
                    value = MetricValue.FromText(Encoding.UTF8.GetString(body[..length]));
                    return true;
                }

                body = body[length..];
            }
            else
            {
                if (id == metricId)
                {
                    var number = BinaryPrimitives.ReadDoubleLittleEndian(body);
                    value = kind == MetricValueKind.Bool ? MetricValue.FromBool(number != 0) : MetricValue.FromNumber(number);
                    return true;
                }

                body = body[8..];
            }
        }

        value = default;
        return false;
    }

    private static void WriteVarint(ArrayBufferWriter<byte> output, ulong value)
    {
        var span = output.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        output.Advance(i);
    }

    private static ulong ReadVarint(ref ReadOnlySpan<byte> span)
    {
        ulong value = 0;
        var shift = 0;
        var i = 0;
        byte b;
        do
        {
            b = span[i++];
            value |= (ulong)(b & 0x7f) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        span = span[i..];
        return value;
    }
}
