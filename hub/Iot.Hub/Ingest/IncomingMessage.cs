using System.Buffers;
using Iot.Contracts;

namespace Iot.Hub.Ingest;

/// <summary>
/// A message admitted by a broker front end and waiting for the decoder. <see cref="Buffer"/> is rented from
/// <see cref="ArrayPool{T}.Shared"/>; the pipeline returns it once decoded.
/// </summary>
public sealed record IncomingMessage(TopicAddress Address, byte[] Buffer, int Length, long ReceivedTimestamp)
{
    public ReadOnlySpan<byte> Payload => Buffer.AsSpan(0, Length);

    /// <summary>Copies <paramref name="payload"/> into a pooled buffer.</summary>
    public static IncomingMessage Copy(TopicAddress address, in ReadOnlySequence<byte> payload, long receivedTimestamp)
    {
        var length = checked((int)payload.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        payload.CopyTo(buffer);
        return new IncomingMessage(address, buffer, length, receivedTimestamp);
    }
}
