using System.Text;
using Iot.Hub.Storage.Influx;
using Iot.Hub.Tests.Infrastructure;

namespace Iot.Hub.Tests.Storage.Influx;

/// <summary>The exact text sent to InfluxDB. (That InfluxDB reads it back as meant is checked against a real influxd.)</summary>
public sealed class LineProtocolTests
{
    [Fact]
    public void Message_OneLinePerValueKind_TagsSortedSeqIntegerTimestampInNs()
    {
        var writer = new LineProtocolWriter();
        var message = TestTelemetry.Message("LAMP-1", 1_763_931_845_120, 7,
            ("powerConsumption", 41.7), ("powerState", "on"), ("doorOpen", true), ("voltage", 230.0), ("rssi", -1.5E-07));

        Assert.True(writer.TryAppend(message, "demo", "streetlight", out _));

        Assert.Equal(
            "telemetry,commune=demo,device=LAMP-1,service=streetlight powerConsumption=41.7,voltage=230,rssi=-1.5E-07,seq=7i 1763931845120000007\n"
            + "telemetry_bool,commune=demo,device=LAMP-1,service=streetlight doorOpen=true,seq=7i 1763931845120000007\n"
            + "telemetry_text,commune=demo,device=LAMP-1,service=streetlight powerState=\"on\",seq=7i 1763931845120000007\n",
            Encoding.UTF8.GetString(writer.Written.Span));
        Assert.Equal(3, writer.LineCount);
    }

    [Fact]
    public void Escaping_TagValuesFieldKeysAndStrings_FollowTheLineProtocolRules()
    {
        var writer = new LineProtocolWriter();
        var message = TestTelemetry.Message("a b,c=d", 1, 2, ("k e,y=", "he said \"hi\" \\ bye\nnext"), ("é ع🚀", 1.0));

        Assert.True(writer.TryAppend(message, null, null, out _));

        Assert.Equal(
            "telemetry,device=a\\ b\\,c\\=d é\\ ع🚀=1,seq=2i 1000002\n"
            + "telemetry_text,device=a\\ b\\,c\\=d k\\ e\\,y\\==\"he said \\\"hi\\\" \\\\ bye\nnext\",seq=2i 1000002\n",
            Encoding.UTF8.GetString(writer.Written.Span));
    }

    [Fact]
    public void Message_MetricNamedTwice_KeepsTheFirstValue()
    {
        var writer = new LineProtocolWriter();
        Assert.True(writer.TryAppend(TestTelemetry.Message("D", 1, 1, ("v", 1.0), ("v", 2.0), ("v", "text")), null, null, out _));
        Assert.Equal("telemetry,device=D v=1,seq=1i 1000001\n", Encoding.UTF8.GetString(writer.Written.Span));
    }

    [Fact]
    public void Message_OutOfInfluxRangeOrNotFinite_RefusedWithReasonAndNothingWritten()
    {
        var writer = new LineProtocolWriter();
        Assert.False(writer.TryAppend(TestTelemetry.Message("D", long.MaxValue / 1000, 1, ("v", 1.0)), null, null, out var range));
        Assert.Contains("outside the range", range, StringComparison.Ordinal);
        Assert.False(writer.TryAppend(TestTelemetry.Message("D", 1, 1, ("v", double.NaN)), null, null, out var nan));
        Assert.Contains("not a finite number", nan, StringComparison.Ordinal);
        Assert.True(writer.Written.IsEmpty);
    }

    [Theory]
    [InlineData("voltage", "voltage")]
    [InlineData("with space, comma=equals", "with space, comma=equals")]
    [InlineData("even\\\\ backslashes", "even\\\\ backslashes")]
    [InlineData("back\\slash", "back\\slash")]
    [InlineData("50%", "50%")]
    [InlineData("seq", "~seq")]
    [InlineData("time", "~time")]
    [InlineData("device", "~device")]
    [InlineData("~x", "~~x")]
    [InlineData("~50%", "~~50%25")]
    [InlineData("trailing\\", "~trailing%5C")]
    [InlineData("odd\\ before space", "~odd%5C before space")]
    [InlineData("new\nline\ttab", "~new%0Aline%09tab")]
    [InlineData("", "~")]
    public void FieldKey_KeptWhenLineProtocolCarriesItElseMappedOneToOne(string metric, string key) =>
        Assert.Equal(key, InfluxSchema.Key(metric, isField: true));

    [Fact]
    public void TagValue_ReservedFieldNamesAreFineAsTagValues() => Assert.Equal("seq", InfluxSchema.Key("seq", isField: false));

    [Theory]
    [InlineData(-1, 3, -1)]
    [InlineData(0, 999_999, 0)]
    [InlineData(1_763_931_845_120, 1_000_001, 1_763_931_845_120)]
    public void Timestamp_MillisecondPartIsTsAndSubMillisecondPartIsSeq(long ts, long seq, long backToMs)
    {
        var ns = InfluxSchema.TimestampNs(ts, seq);
        Assert.Equal(backToMs, InfluxSchema.NsToMs(ns));
        Assert.Equal(seq % 1_000_000, ns - (ts * 1_000_000));
    }

    [Fact]
    public void InfluxQl_QuotesIdentifiersAndStringLiterals()
    {
        Assert.Equal("\"a\\\"b\\\\c'd\"", InfluxQl.Identifier("a\"b\\c'd"));
        Assert.Equal("'it\\'s \\\\ \"x\"'", InfluxQl.StringLiteral("it's \\ \"x\""));
        Assert.Equal("\"iot\".\"hub rp\".\"telemetry\"", InfluxQl.Measurement("iot", "hub rp", "telemetry"));
        Assert.Equal("\"telemetry\"", InfluxQl.Measurement("iot", null, "telemetry"));
        Assert.Equal("9223372036854000000", InfluxQl.TimeNs(long.MaxValue));
    }

    [Theory]
    [InlineData("0s", 0)]
    [InlineData("2160h0m0s", 2160 * 3600)]
    [InlineData("1h30m15s", 5415)]
    public void RetentionDuration_InfluxTextParsed(string text, long seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), InfluxDatabaseSetup.ParseDuration(text));

    [Fact]
    public void Requests_SplitOnLineBoundariesAtBatchLines()
    {
        var data = "a 1\nbb 2\nccc 3\n"u8;
        Assert.Equal((9, 2), InfluxTelemetryStore.NextRequest(data, 2));
        Assert.Equal((6, 1), InfluxTelemetryStore.NextRequest(data[9..], 2));
    }
}
