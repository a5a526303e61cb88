namespace Iot.Contracts.Tests;

public sealed class TopicParsingTests
{
    public static TheoryData<ServiceKind, MessageKind> AllCombinations()
    {
        var data = new TheoryData<ServiceKind, MessageKind>();
        foreach (var service in ServiceKinds.All)
        {
            foreach (var kind in Enum.GetValues<MessageKind>())
            {
                data.Add(service, kind);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void FormatThenParse_EveryServiceAndKind_RoundTrips(ServiceKind service, MessageKind kind)
    {
        var topic = Topics.Format("demo-2", service, "LAMP_001-a", kind);

        Assert.True(Topics.TryParse(topic, out var address, out var reason));
        Assert.Equal(RejectReason.None, reason);
        Assert.Equal(new TopicAddress("demo-2", service, "LAMP_001-a", kind), address);
        Assert.Equal(topic, address.ToString());
    }

    [Fact]
    public void Format_UsesWireNames()
    {
        Assert.Equal("iot/v1/demo/wastebin/BIN-1/cmd-ack", Topics.Format("demo", ServiceKind.Wastebin, "BIN-1", MessageKind.CmdAck));
        Assert.Equal("iot/v1/demo/alerts/OP-LIGHT", Topics.Alerts("demo", "OP-LIGHT"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("iot/v2/demo/streetlight/L1/telemetry")]
    [InlineData("IOT/v1/demo/streetlight/L1/telemetry")]
    [InlineData("iot/v1/demo/streetlight/L1")]
    [InlineData("iot/v1/demo/streetlight/L1/telemetry/extra")]
    [InlineData("iot/v1//streetlight/L1/telemetry")]
    [InlineData("iot/v1/demo/streetlight//telemetry")]
    [InlineData("iot/v1/Demo/streetlight/L1/telemetry")]
    [InlineData("iot/v1/abcdefghijabcdefghijabcdefghijabc/streetlight/L1/telemetry")]
    [InlineData("iot/v1/demo/streetlight/L 1/telemetry")]
    [InlineData("iot/v1/demo/streetlight/+/telemetry")]
    [InlineData("iot/v1/demo/streetlight/#/telemetry")]
    [InlineData("iot/v1/demo/streetlight/L1/telemetri")]
    [InlineData("iot/v1/demo/streetlight/L1/")]
    public void TryParse_MalformedTopic_RejectsBadTopic(string? topic)
    {
        Assert.False(Topics.TryParse(topic, out _, out var reason));
        Assert.Equal(RejectReason.BadTopic, reason);
    }

    [Fact]
    public void TryParse_DeviceIdOf65Chars_RejectsBadTopic_64Accepted()
    {
        Assert.False(Topics.TryParse($"iot/v1/demo/bus/{new string('B', 65)}/telemetry", out _, out var reason));
        Assert.Equal(RejectReason.BadTopic, reason);
        Assert.True(Topics.TryParse($"iot/v1/demo/bus/{new string('B', 64)}/telemetry", out _, out _));
        Assert.True(Topics.TryParse($"iot/v1/{new string('a', 32)}/bus/B/telemetry", out _, out _));
    }

    [Theory]
    [InlineData("iot/v1/demo/tram/T1/telemetry")]
    [InlineData("iot/v1/demo/Streetlight/L1/telemetry")]
    public void TryParse_UnknownService_RejectsUnknownService(string topic)
    {
        Assert.False(Topics.TryParse(topic, out _, out var reason));
        Assert.Equal(RejectReason.UnknownService, reason);
    }

    [Fact]
    public void RejectReasons_EveryValueHasADistinctWireName()
    {
        var names = RejectReasons.All.Select(r => r.ToWire()).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.Matches("^[a-z0-9_]+$", n));
    }
}
