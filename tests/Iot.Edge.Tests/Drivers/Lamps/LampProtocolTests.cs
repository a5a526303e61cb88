using Iot.Edge.Drivers.Lamps;
using Xunit;

namespace Iot.Edge.Tests.Drivers.Lamps;

public sealed class LampProtocolTests
{
    [Fact]
    public void Requests_CarryAnXorChecksumOverTheBody()
    {
        var frame = LampProtocol.Dim(12, "3", 50);

        Assert.StartsWith("@12 DIM 3 50*", frame, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", frame, StringComparison.Ordinal);
        byte sum = 0;
        foreach (var c in "@12 DIM 3 50")
        {
            sum ^= (byte)c;
        }

        Assert.Equal($"@12 DIM 3 50*{sum:X2}\r\n", frame);
    }

    [Fact]
    public void LampReply_RoundTrips()
    {
        var state = new LampState(3, true, 80, 46.2, 230.9, 0.21, LampFaults.Lamp | LampFaults.Column);
        var frame = LampProtocol.FormatLamp(8, state);

        Assert.True(LampProtocol.TryUnframe(frame, out var body));
        Assert.Equal("=8 LMP 3 ON=1 DIM=80 P=46.2 V=230.9 I=0.210 F=05", body);
        Assert.True(LampProtocol.TryParseReply(body, out var tag, out var words));
        Assert.Equal(8, tag);
        Assert.Equal(state, LampProtocol.ParseLamp(words));
    }

    [Fact]
    public void CabinetReply_RoundTrips()
    {
        var state = new CabinetState(231.4, 412.5, 1834.25, true, 'M');

        Assert.True(LampProtocol.TryUnframe(LampProtocol.FormatCabinet(7, state), out var body));
        Assert.True(LampProtocol.TryParseReply(body, out _, out var words));
        Assert.Equal(state, LampProtocol.ParseCabinet(words));
    }

    [Theory]
    [InlineData("=8 LMP 3 ON=1 DIM=80 P=46.2 V=230.9 I=0.210 F=00*00\r\n")] // wrong checksum
    [InlineData("=8 LMP 3 ON=1 DIM=80 P=46.2 V=230.9 I=0.210 F=00\r\n")] // none
    [InlineData("=8 LMP 3 ON=1 DIM=\u00080 P=46.2*11\r\n")] // control character
    public void GarbledFrames_AreRefused(string line) =>
        Assert.False(LampProtocol.TryUnframe(line, out _));

    [Theory]
    [InlineData("LMP 3 ON=2 DIM=80 P=46.2 V=230.9 I=0.210 F=00")]
    [InlineData("LMP 3 ON=1 DIM=180 P=46.2 V=230.9 I=0.210 F=00")]
    [InlineData("LMP 3 ON=1 DIM=80 P=46.2 V=230.9 I=0.210")]
    [InlineData("LMP 3 ON=1 DIM=80 P=46.2 V=230.9 I=0.210 F=00 X=1")]
    public void LampReplies_WithBadOrMissingFields_AreRefused(string body) =>
        Assert.Null(LampProtocol.ParseLamp(body.Split(' ')));

    [Theory]
    [InlineData(LampFaults.None, "ok")]
    [InlineData(LampFaults.Lamp, "defectiveLamp")]
    [InlineData(LampFaults.Lantern, "brokenLantern")]
    [InlineData(LampFaults.Column, "columnIssue")]
    [InlineData(LampFaults.Lamp | LampFaults.Column, "defectiveLamp")]
    public void Faults_MapToFiwareStatus(LampFaults faults, string status) =>
        Assert.Equal(status, LampControllerDriver.StatusOf(faults));
}
