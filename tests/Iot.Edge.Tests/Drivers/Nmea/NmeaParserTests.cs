using System.Text;
using Iot.Edge.Drivers.Nmea;
using Xunit;

namespace Iot.Edge.Tests.Drivers.Nmea;

/// <summary>Sentences taken from real receivers' logs (see Data/nmea/README.md) and from pynmea2's example data.</summary>
public sealed class NmeaParserTests
{
    [Fact]
    public void Rmc_FromGlonassReceiverWithGnTalker_IsAValidFix()
    {
        var status = NmeaParser.TryParse("$GNRMC,081411.000,A,5541.1955,N,03737.2872,E,0.60,301.29,260514,,,A*74", out var sentence);

        Assert.Equal(NmeaParseStatus.Ok, status);
        var rmc = Assert.IsType<RmcSentence>(sentence);
        Assert.Equal("GN", rmc.Talker);
        Assert.True(rmc.Valid);
        Assert.Equal(55 + (41.1955 / 60), rmc.Latitude!.Value, 9);
        Assert.Equal(37 + (37.2872 / 60), rmc.Longitude!.Value, 9);
        Assert.Equal(0.60, rmc.SpeedKnots);
        Assert.Equal(301.29, rmc.CourseDegrees);
        Assert.Equal(new DateTimeOffset(2014, 5, 26, 8, 14, 11, TimeSpan.Zero), rmc.Timestamp);
    }

    [Fact]
    public void Gga_SouthernAndEasternHemisphere_FromPynmea2Example_IsSigned()
    {
        var status = NmeaParser.TryParse("$GPGGA,184353.07,1929.045,S,02410.506,E,1,04,2.6,100.00,M,-33.9,M,,0000*6D", out var sentence);

        Assert.Equal(NmeaParseStatus.Ok, status);
        var gga = Assert.IsType<GgaSentence>(sentence);
        Assert.True(gga.HasFix);
        Assert.Equal(-(19 + (29.045 / 60)), gga.Latitude!.Value, 9);
        Assert.Equal(24 + (10.506 / 60), gga.Longitude!.Value, 9);
        Assert.Equal(4, gga.Satellites);
        Assert.Equal(new TimeOnly(18, 43, 53, 70), gga.Time);
    }

    [Fact]
    public void Gga_BeidouReceiverWithExtraTrailingField_IsParsed()
    {
        var status = NmeaParser.TryParse("$GNGGA,074155.799,3114.8770,N,12135.2463,E,1,05,1.3,156.9,M,8.3,M,,0000,4.9*77", out var sentence);

        Assert.Equal(NmeaParseStatus.Ok, status);
        Assert.Equal(31 + (14.8770 / 60), Assert.IsType<GgaSentence>(sentence).Latitude!.Value, 9);
    }

    [Theory]
    [InlineData("$GNRMC,081420.000,V,,,,,0.00,340.16,260514,,,N*58")] // BU-353: no fix, status V, mode N
    [InlineData("$GNRMC,074150.799,V,,,,,,,250215,,,N*52")] // SiRF-TriG: every field empty
    [InlineData("$GPRMC,,V,,,,,,,,,,N*53")] // ANTARIS while searching: not even a time
    public void Rmc_NoFix_IsNotValid(string line)
    {
        Assert.Equal(NmeaParseStatus.Ok, NmeaParser.TryParse(line, out var sentence));
        var rmc = Assert.IsType<RmcSentence>(sentence);
        Assert.False(rmc.Valid);
        Assert.Null(rmc.Latitude);
    }

    [Theory]
    [InlineData("$GPGGA,081420.000,,,,,0,0,,,M,,M,,*47")]
    [InlineData("$GNGGA,074150.799,,,,,0,00,,,M,0.0,M,,0000,*64")]
    public void Gga_QualityZeroWithEmptyFields_HasNoFix(string line)
    {
        Assert.Equal(NmeaParseStatus.Ok, NmeaParser.TryParse(line, out var sentence));
        Assert.False(Assert.IsType<GgaSentence>(sentence).HasFix);
    }

    [Fact]
    public void Rmc_WithACorruptedDigit_FailsItsChecksum()
    {
        // 5541.1955 became 5541.1956: the receiver's checksum no longer matches.
        Assert.Equal(NmeaParseStatus.BadChecksum, NmeaParser.TryParse("$GNRMC,081411.000,A,5541.1956,N,03737.2872,E,0.60,301.29,260514,,,A*74", out _));
    }

    [Theory]
    [InlineData("$GNRMC,081411.000,A,5541.1955,N,03737.2872,E,0.60,301.29,260514,,,A", NmeaParseStatus.MissingChecksum)]
    [InlineData("$GNRMC,081411.000,A,5541.1955,N,03737.2872,E,0.60,301.29,260514,,,A*ZZ", NmeaParseStatus.BadChecksum)]
    [InlineData("$PSRF151,3,1833,28692,0x7EFFFFFF*15", NmeaParseStatus.Unsupported)]
    [InlineData("$GPZDA,081404.000,26,05,2014,,*59", NmeaParseStatus.Unsupported)]
    [InlineData("foobar", NmeaParseStatus.Malformed)]
    public void OtherLines_AreClassified(string line, NmeaParseStatus expected) =>
        Assert.Equal(expected, NmeaParser.TryParse(line, out _));

    [Fact]
    public void Assembler_SentencesSplitAcrossReadsWithGarbageBetween_AreReassembled()
    {
        var stream = "\u0001\u00ffgarbage$GNRMC,0814$GNRMC,081411.000,A,5541.1955,N,03737.2872,E,0.60,301.29,260514,,,A*74\r\n"
            + "xx\u0000 $GPGGA,081420.000,,,,,0,0,,,M,,M,,*47\r\n";
        var bytes = Encoding.Latin1.GetBytes(stream);
        var assembler = new NmeaLineAssembler();
        var lines = new List<string>();

        // One byte per read: the worst split a serial port can deliver.
        foreach (var b in bytes)
        {
            assembler.Feed([b], lines.Add);
        }

        Assert.Equal(
        [
            "$GNRMC,081411.000,A,5541.1955,N,03737.2872,E,0.60,301.29,260514,,,A*74",
            "$GPGGA,081420.000,,,,,0,0,,,M,,M,,*47",
        ], lines);
    }

    [Fact]
    public void Tracker_LossOfFix_ClearsTheLatestFixAndConvertsKnots()
    {
        var tracker = new NmeaFixTracker();

        var fix = tracker.Accept("$GNRMC,081411.000,A,5541.1955,N,03737.2872,E,0.60,301.29,260514,,,A*74");
        Assert.NotNull(fix);
        Assert.Equal(0.60 * 1.852, fix.SpeedKmh!.Value, 9);
        Assert.Same(fix, tracker.Latest);

        Assert.Null(tracker.Accept("$GPGGA,081420.000,,,,,0,0,,,M,,M,,*47"));
        Assert.Null(tracker.Latest);
        Assert.Null(tracker.Accept("$GNRMC,081420.000,V,,,,,0.00,340.16,260514,,,N*58"));
        Assert.Null(tracker.Latest);
    }

    [Fact]
    public void Tracker_BadChecksum_IsCountedAndNeverAFix()
    {
        var tracker = new NmeaFixTracker();

        Assert.Null(tracker.Accept("$GNRMC,081411.000,A,5541.1956,N,03737.2872,E,0.60,301.29,260514,,,A*74"));
        Assert.Equal(1, tracker.Rejected);
        Assert.Null(tracker.Latest);
    }
}
