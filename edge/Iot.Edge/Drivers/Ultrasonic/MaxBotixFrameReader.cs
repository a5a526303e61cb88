namespace Iot.Edge.Drivers.Ultrasonic;

/// <summary>
/// Cuts a MaxBotix-style serial stream (<c>R</c>, four ASCII digits of range in mm, CR; 9600 8N1) into ranges.
/// Anything else (a short frame, a non-digit, line noise) is counted as rejected and skipped up to the next <c>R</c>.
/// Some models send three digits in cm or inches; this reader takes only the four-digit millimetre form.
/// </summary>
public sealed class MaxBotixFrameReader
{
    private int _digits = -1; // -1: waiting for 'R'.
    private int _value;

    public int Rejected { get; private set; }

    public void Feed(ReadOnlySpan<byte> bytes, Action<int> onRange)
    {
        ArgumentNullException.ThrowIfNull(onRange);
        foreach (var b in bytes)
        {
            if (b == (byte)'R')
            {
                if (_digits > 0)
                {
                    Rejected++;
                }

                _digits = 0;
                _value = 0;
            }
            else if (_digits < 0)
            {
                continue;
            }
            else if (b is >= (byte)'0' and <= (byte)'9' && _digits < 4)
            {
                _value = (_value * 10) + (b - '0');
                _digits++;
            }
            else if (b == (byte)'\r' && _digits == 4)
            {
                onRange(_value);
                _digits = -1;
            }
            else
            {
                Rejected++;
                _digits = -1;
            }
        }
    }
}
