namespace Iot.Edge.Drivers.Nmea;

/// <summary>
/// Cuts a byte stream into candidate sentences: a sentence starts at <c>$</c> and ends at CR or LF. Bytes outside a
/// sentence (garbage, a partial sentence at power-up, binary noise) are dropped; a sentence may arrive across any number
/// of reads. A <c>$</c> inside a sentence restarts it (the earlier part was cut off); an over-long candidate is dropped.
/// </summary>
public sealed class NmeaLineAssembler
{
    /// <summary>NMEA allows 82 characters; some receivers exceed it, so a little slack is given.</summary>
    public const int MaxSentenceLength = 160;

    private readonly char[] _buffer = new char[MaxSentenceLength];
    private int _length = -1; // -1: outside a sentence.

    /// <summary>Feeds <paramref name="bytes"/>; calls <paramref name="onSentence"/> for each complete candidate.</summary>
    public void Feed(ReadOnlySpan<byte> bytes, Action<string> onSentence)
    {
        foreach (var b in bytes)
        {
            if (b == (byte)'$')
            {
                _buffer[0] = '$';
                _length = 1;
            }
            else if (_length < 0)
            {
                continue;
            }
            else if (b is (byte)'\r' or (byte)'\n')
            {
                onSentence(new string(_buffer, 0, _length));
                _length = -1;
            }
            else if (b is < 0x20 or > 0x7E || _length == MaxSentenceLength)
            {
                _length = -1; // Not NMEA text: drop the candidate.
            }
            else
            {
                _buffer[_length++] = (char)b;
            }
        }
    }
}
