namespace Iot.Edge.Drivers.Nmea;

/// <summary>
/// Turns checked sentences into fixes. A fix comes from a valid RMC (it alone carries date, speed and course); it is
/// withheld when a GGA of the same second reported quality 0, and <see cref="Latest"/> is cleared when the receiver
/// reports no fix (RMC status V, RMC mode N, GGA quality 0), so that a stale position is never published as current.
/// </summary>
public sealed class NmeaFixTracker
{
    private TimeOnly? _noFixTime;

    /// <summary>The last valid fix, or null after the receiver reported it had lost the fix.</summary>
    public NmeaFix? Latest { get; private set; }

    /// <summary>Counts of sentences refused, for logs and tests.</summary>
    public int Rejected { get; private set; }

    /// <summary>Parses <paramref name="line"/>; returns the new fix it produced, if any.</summary>
    public NmeaFix? Accept(string line)
    {
        var status = NmeaParser.TryParse(line, out var sentence);
        if (status != NmeaParseStatus.Ok)
        {
            if (status != NmeaParseStatus.Unsupported)
            {
                Rejected++;
            }

            return null;
        }

        switch (sentence)
        {
            case GgaSentence gga when !gga.HasFix:
                _noFixTime = gga.Time;
                Latest = null;
                return null;
            case RmcSentence { Valid: false }:
                Latest = null;
                return null;
            case RmcSentence rmc when rmc.Time == _noFixTime:
                return null;
            case RmcSentence rmc:
                var fix = new NmeaFix(
                    rmc.Timestamp!.Value,
                    rmc.Latitude!.Value,
                    rmc.Longitude!.Value,
                    rmc.SpeedKnots * NmeaFix.KmhPerKnot,
                    rmc.CourseDegrees);
                Latest = fix;
                return fix;
            default:
                return null;
        }
    }
}
