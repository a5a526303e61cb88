namespace Iot.Contracts.Tests;

public sealed class TopicsTests
{
    public static TheoryData<ServiceKind, MessageKind> EveryServiceAndKind()
    {
        var data = new TheoryData<ServiceKind, MessageKind>();
        foreach (var service in Enum.GetValues<ServiceKind>())
        {
            foreach (var kind in Enum.GetValues<MessageKind>())
            {
                data.Add(service, kind);
            }
        }

        return data;
    }

    public static TheoryData<string> MalformedTopics() =>
    [
        "",
        "iot/v1/",
        "iot/v1",
        // wrong prefix or version
        "iot/v2/demo/streetlight/L1/telemetry",
        "iot/v0/demo/streetlight/L1/telemetry",
        "IOT/v1/demo/streetlight/L1/telemetry",
        "iot/V1/demo/streetlight/L1/telemetry",
        "/iot/v1/demo/streetlight/L1/telemetry",
        "mqtt/v1/demo/streetlight/L1/telemetry",
        "demo/streetlight/L1/telemetry",
        // too few / too many segments
        "iot/v1/demo/streetlight/L1",
        "iot/v1/demo/streetlight",
        "iot/v1/demo/streetlight/L1/telemetry/extra",
        "iot/v1/demo/streetlight/L1/telemetry/",
        "iot/v1/demo/streetlight/L1/a/telemetry",
        // empty segments
        "iot/v1//streetlight/L1/telemetry",
        "iot/v1/demo/streetlight//telemetry",
        "iot/v1/demo/streetlight/L1/",
        "iot/v1////",
        // commune slug [a-z0-9-]{1,32}
        "iot/v1/Demo/streetlight/L1/telemetry",
        "iot/v1/DEMO/streetlight/L1/telemetry",
        "iot/v1/saint_denis/streetlight/L1/telemetry",
        "iot/v1/saint denis/streetlight/L1/telemetry",
        "iot/v1/montréal/streetlight/L1/telemetry",
        "iot/v1/+/streetlight/L1/telemetry",
        "iot/v1/#/streetlight/L1/telemetry",
        "iot/v1/" + new string('a', Topics.MaxCommuneLength + 1) + "/streetlight/L1/telemetry",
        // device id [A-Za-z0-9_-]{1,64}
        "iot/v1/demo/streetlight/" + new string('B', Topics.MaxDeviceIdLength + 1) + "/telemetry",
        "iot/v1/demo/streetlight/L 1/telemetry",
        "iot/v1/demo/streetlight/L1 /telemetry",
        "iot/v1/demo/streetlight/+/telemetry",
        "iot/v1/demo/streetlight/#/telemetry",
        "iot/v1/demo/streetlight/L/1/telemetry",
        "iot/v1/demo/streetlight/L.1/telemetry",
        "iot/v1/demo/streetlight/LAMPé/telemetry",
        "iot/v1/demo/streetlight/L1\u0000/telemetry",
        // unknown kind
        "iot/v1/demo/streetlight/L1/telemetri",
        "iot/v1/demo/streetlight/L1/Telemetry",
        "iot/v1/demo/streetlight/L1/cmd_ack",
        "iot/v1/demo/streetlight/L1/cmdack",
        "iot/v1/demo/streetlight/L1/alerts",
        "iot/v1/demo/streetlight/L1/+",
        "iot/v1/demo/streetlight/L1/#",
    ];

    [Theory]
    [MemberData(nameof(EveryServiceAndKind))]
    public void FormatThenTryParse_EveryServiceAndKind_RoundTrips(ServiceKind service, MessageKind kind)
    {
        var topic = Topics.Format("demo-2", service, "LAMP_001-a", kind);

        Assert.True(Topics.TryParse(topic, out var address, out var reason), topic);
        Assert.Equal(RejectReason.None, reason);
        Assert.Equal(new TopicAddress("demo-2", service, "LAMP_001-a", kind), address);
        Assert.Equal(topic, address.ToString());
    }

    [Theory]
    [InlineData(ServiceKind.Streetlight, MessageKind.Telemetry, "iot/v1/demo/streetlight/LAMP-1/telemetry")]
    [InlineData(ServiceKind.Cabinet, MessageKind.Event, "iot/v1/demo/cabinet/LAMP-1/event")]
    [InlineData(ServiceKind.Wastebin, MessageKind.Status, "iot/v1/demo/wastebin/LAMP-1/status")]
    [InlineData(ServiceKind.Bus, MessageKind.Cmd, "iot/v1/demo/bus/LAMP-1/cmd")]
    [InlineData(ServiceKind.Bus, MessageKind.CmdAck, "iot/v1/demo/bus/LAMP-1/cmd-ack")]
    public void Format_WritesWireNamesOfServiceAndKind(ServiceKind service, MessageKind kind, string expected) =>
        Assert.Equal(expected, Topics.Format("demo", service, "LAMP-1", kind));

    [Fact]
    public void Alerts_FormatsThePerOperatorTopic()
    {
        var topic = Topics.Alerts("saint-denis", "OP-LIGHT");

        Assert.Equal("iot/v1/saint-denis/alerts/OP-LIGHT", topic);
        // The alert topic is hub → operator; it is not a device topic the ingest would accept.
        Assert.False(Topics.TryParse(topic, out _, out var reason));
        Assert.Equal(RejectReason.BadTopic, reason);
    }

    [Theory]
    [MemberData(nameof(MalformedTopics))]
    public void TryParse_MalformedTopic_RejectsBadTopic(string topic)
    {
        Assert.False(Topics.TryParse(topic, out var address, out var reason));
        Assert.Equal(RejectReason.BadTopic, reason);
        Assert.Equal(default, address);
    }

    [Fact]
    public void TryParse_NullTopic_RejectsBadTopic()
    {
        Assert.False(Topics.TryParse(null, out _, out var reason));
        Assert.Equal(RejectReason.BadTopic, reason);
    }

    [Fact]
    public void TryParse_CommuneOf32AndDeviceIdOf64Chars_Accepted()
    {
        var commune = new string('z', Topics.MaxCommuneLength);
        var device = "Ab0_-" + new string('9', Topics.MaxDeviceIdLength - 5);

        Assert.True(Topics.TryParse($"iot/v1/{commune}/bus/{device}/telemetry", out var address, out var reason));
        Assert.Equal(RejectReason.None, reason);
        Assert.Equal(commune, address.Commune);
        Assert.Equal(device, address.DeviceId);
    }

    [Fact]
    public void TryParse_CommuneOf33Chars_RejectsBadTopic()
    {
        var commune = new string('a', 33);

        Assert.False(Topics.TryParse($"iot/v1/{commune}/bus/B1/telemetry", out _, out var reason));
        Assert.Equal(RejectReason.BadTopic, reason);
    }

    [Fact]
    public void TryParse_DeviceIdOf65Chars_RejectsBadTopic()
    {
        var device = new string('B', 65);

        Assert.False(Topics.TryParse($"iot/v1/demo/bus/{device}/telemetry", out _, out var reason));
        Assert.Equal(RejectReason.BadTopic, reason);
    }

    [Theory]
    [InlineData("iot/v1/demo/tram/X/telemetry")]
    [InlineData("iot/v1/demo/Streetlight/L1/telemetry")]
    [InlineData("iot/v1/demo/streetlights/L1/telemetry")]
    [InlineData("iot/v1/demo/alerts/L1/event")]
    [InlineData("iot/v1/demo/+/L1/status")]
    // The method documents: "UnknownService when only the service segment is wrong"; an empty one is wrong too.
    [InlineData("iot/v1/demo//L1/telemetry")]
    public void TryParse_OnlyTheServiceSegmentWrong_RejectsUnknownService(string topic)
    {
        Assert.False(Topics.TryParse(topic, out var address, out var reason));
        Assert.Equal(RejectReason.UnknownService, reason);
        Assert.Equal(default, address);
    }

    [Fact]
    public void TryParse_UnknownServiceAndBadDeviceId_RejectsBadTopic()
    {
        Assert.False(Topics.TryParse("iot/v1/demo/tram/X Y/telemetry", out _, out var reason));
        Assert.Equal(RejectReason.BadTopic, reason);
    }

    [Theory]
    [InlineData(MessageKind.Telemetry, "telemetry")]
    [InlineData(MessageKind.Event, "event")]
    [InlineData(MessageKind.Status, "status")]
    [InlineData(MessageKind.Cmd, "cmd")]
    [InlineData(MessageKind.CmdAck, "cmd-ack")]
    public void KindToWire_AndTryParseKind_AreInverse(MessageKind kind, string wire)
    {
        Assert.Equal(wire, Topics.KindToWire(kind));
        Assert.True(Topics.TryParseKind(wire, out var parsed));
        Assert.Equal(kind, parsed);
    }

    [Fact]
    public void KindToWire_UndefinedKind_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Topics.KindToWire((MessageKind)99));

    [Theory]
    [InlineData("")]
    [InlineData("Telemetry")]
    [InlineData("cmd-ack ")]
    [InlineData("cmdAck")]
    public void TryParseKind_NotAWireName_Fails(string text) =>
        Assert.False(Topics.TryParseKind(text, out _));
}
