using Iot.City;
using Iot.Contracts;
using Iot.Simulation;
using Iot.Simulation.Scenarios;
using Iot.Simulators.Tests.Infrastructure;

namespace Iot.Simulators.Tests;

/// <summary>Each fault kind, played in memory on a small city: the wire messages a hub would receive.</summary>
public sealed class FaultTests
{
    private const long Start = 10 * 60_000;
    private const long End = 30 * 60_000;
    private static readonly CityModel City = TestCity.Mini;

    [Fact]
    public void CabinetSupplyLoss_CabinetVoltageNearZero_AllItsLampsOff_ThenRestored()
    {
        var cabinet = City.First(ServiceKind.Cabinet);
        var lamps = City.Assets.Where(a => a.CabinetId == cabinet.Id).ToList();
        var sink = Play(FaultJson("cabinetSupplyLoss", cabinet.Id), TestCity.Night);

        var telemetry = sink.Messages(cabinet.Id, "telemetry").ToList();
        Assert.All(telemetry.Where(During), m =>
        {
            Assert.True(m.Number("voltage") < 5, $"cabinet voltage {m.Number("voltage")} during the supply loss");
            Assert.Equal("off", m.Text("powerState"));
            Assert.Equal(0, m.Number("totalActivePower"));
        });
        Assert.True(telemetry.Count(During) >= 3, "the cabinet kept reporting through the loss");
        Assert.Contains(telemetry, m => m.SimMs >= End && m.Number("voltage") > 200 && m.Text("powerState") == "on");
        Assert.Contains(sink.Messages(cabinet.Id, "event"), e => e.Root.GetProperty("type").GetString() == "supplyLoss" && e.SimMs == Start);
        foreach (var lamp in lamps)
        {
            var lampTelemetry = sink.Messages(lamp.Id, "telemetry").ToList();
            Assert.Contains(lampTelemetry, m => m.SimMs < Start && m.Text("powerState") == "on" && m.Number("powerConsumption") > 10);
            Assert.Contains(lampTelemetry, m => m.SimMs == Start);
            Assert.All(lampTelemetry.Where(During), m =>
            {
                Assert.Equal("off", m.Text("powerState"));
                Assert.Equal(0, m.Number("powerConsumption"));
                Assert.Equal(0, m.Number("voltage"));
            });
            Assert.Contains(lampTelemetry, m => m.SimMs == End && m.Text("powerState") == "on");
        }
    }

    [Fact]
    public void LampFailure_EventDefectiveStatusAndNoPower_UntilRepaired()
    {
        var lamp = City.First(ServiceKind.Streetlight);
        var sink = Play(FaultJson("lampFailure", lamp.Id), TestCity.Night);

        var failure = Assert.Single(sink.Messages(lamp.Id, "event"));
        Assert.Equal("lampFailure", failure.Root.GetProperty("type").GetString());
        Assert.Equal("high", failure.Root.GetProperty("severity").GetString());
        Assert.Equal(Start, failure.SimMs);
        var during = sink.Messages(lamp.Id, "telemetry").Where(During).ToList();
        Assert.NotEmpty(during);
        Assert.All(during, m =>
        {
            Assert.Equal("defectiveLamp", m.Text("status"));
            Assert.True(m.Number("powerConsumption") < 1, $"power {m.Number("powerConsumption")} W");
            Assert.Equal("on", m.Text("powerState")); // commanded on at night, yet dark
        });
        Assert.Contains(sink.Messages(lamp.Id, "telemetry"), m => m.SimMs == End && m.Text("status") == "ok" && m.Number("powerConsumption") > 10);
    }

    [Fact]
    public void CleanDisconnect_OfflineStatusThenDisconnect_ThenReconnectsWithTheNextSession()
    {
        var agent = City.Agents.First(a => a.Kind == AgentKinds.BinGateway).Id;
        var sink = Play(FaultJson("agentDisconnect", agent, """, "mode": "clean" """));
        var records = sink.Records.Where(r => r.AgentId == agent).ToList();

        var disconnect = records.FindIndex(r => r.Kind == SinkRecordKind.CleanDisconnect);
        Assert.True(disconnect > 0);
        var goodbye = records[disconnect - 1];
        Assert.Equal(SinkRecordKind.Publish, goodbye.Kind);
        Assert.EndsWith($"/{agent}/status", goodbye.Topic, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"offline\"", goodbye.PayloadText, StringComparison.Ordinal);
        Assert.DoesNotContain(records, r => r.Kind == SinkRecordKind.AbruptDisconnect);
        AssertSilentThenBack(records, disconnect);
    }

    [Fact]
    public void AbruptDisconnect_DropsTheConnectionWithoutGoodbye_TheWillCarriesTheSession()
    {
        var agent = City.Agents.First(a => a.Kind == AgentKinds.CabinetController).Id;
        var sink = Play(FaultJson("agentDisconnect", agent, """, "mode": "abrupt" """));
        var records = sink.Records.Where(r => r.AgentId == agent).ToList();

        var drop = records.FindIndex(r => r.Kind == SinkRecordKind.AbruptDisconnect);
        Assert.True(drop > 0);
        Assert.DoesNotContain("offline", records[drop - 1].PayloadText, StringComparison.Ordinal);
        var connect = records.First(r => r.Kind == SinkRecordKind.Connect);
        Assert.Contains("\"state\":\"offline\"", connect.PayloadText, StringComparison.Ordinal); // the Last Will
        Assert.Contains($"\"session\":{connect.Session}", connect.PayloadText, StringComparison.Ordinal);
        AssertSilentThenBack(records, drop);
    }

    [Fact]
    public void BinFill_HoldsTheLevelUntilTheEnd_ThenCollected()
    {
        var bin = City.First(ServiceKind.Wastebin);
        var sink = Play(FaultJson("binFill", bin.Id, """, "level": 0.85 """));
        var telemetry = sink.Messages(bin.Id, "telemetry").ToList();

        Assert.Contains(telemetry, m => m.SimMs == Start);
        Assert.Contains(telemetry, During); // reported again while held (every 15 min at that level)
        Assert.All(telemetry.Where(m => m.SimMs >= Start && m.SimMs < End), m => Assert.True(m.Number("fillingLevel") >= 0.84, $"level {m.Number("fillingLevel")}"));
        Assert.Contains(telemetry, m => m.SimMs == End && m.Number("fillingLevel") < 0.06);
    }

    [Fact]
    public void BinOverflow_FillingLevelAtOneHeldForTheDuration()
    {
        var bin = City.First(ServiceKind.Wastebin);
        var sink = Play(FaultJson("binOverflow", bin.Id));
        var during = sink.Messages(bin.Id, "telemetry").Where(During).ToList();

        Assert.True(during.Count >= 2, $"{during.Count} reports during a 20 min overflow");
        Assert.All(during, m => Assert.True(m.Number("fillingLevel") >= 1.0));
        Assert.True(during.Max(m => m.SimMs) - during.Min(m => m.SimMs) >= 10 * 60_000, "held, not a single reading");
    }

    [Fact]
    public void BinFire_BurningAndHot_WithAFireEvent()
    {
        var bin = City.First(ServiceKind.Wastebin);
        var sink = Play(FaultJson("binFire", bin.Id));
        var during = sink.Messages(bin.Id, "telemetry").Where(During).ToList();

        Assert.True(during.Count >= 10, $"{during.Count} reports during a 20 min fire (every minute expected)");
        Assert.All(during, m =>
        {
            Assert.Equal("burning", m.Text("status"));
            Assert.True(m.Number("temperature") > 70, $"{m.Number("temperature")} °C");
        });
        var fire = Assert.Single(sink.Messages(bin.Id, "event"));
        Assert.Equal("fire", fire.Root.GetProperty("type").GetString());
        Assert.Equal("critical", fire.Root.GetProperty("severity").GetString());
        Assert.Contains(sink.Messages(bin.Id, "telemetry"), m => m.SimMs >= End && m.Text("status") == "ok" && m.Number("temperature") < 40);
    }

    [Theory]
    [InlineData("broken", "broken")]
    [InlineData("stalled", "onRoute")]
    public void BusBreakdown_StandsStillWithItsStatus(string mode, string status)
    {
        var bus = City.First(ServiceKind.Bus);
        var sink = Play(FaultJson("busBreakdown", bus.Id, $$""", "mode": "{{mode}}" """));
        var during = sink.Messages(bus.Id, "telemetry").Where(During).ToList();

        Assert.True(during.Count > 100, "a bus in service reports every few seconds");
        Assert.All(during, m =>
        {
            Assert.Equal(status, m.Text("serviceStatus"));
            Assert.Equal(0, m.Number("speed"));
        });
        Assert.Single(during.Select(m => (m.Number("lat"), m.Number("lon"))).Distinct());
        var after = sink.Messages(bus.Id, "telemetry").Where(m => m.SimMs > End + 120_000).ToList();
        Assert.Contains(after, m => m.Number("speed") > 0 && m.Text("serviceStatus") == "onRoute");
    }

    [Fact]
    public void BusOffRoute_MoreThan150MetresFromItsRouteForTheDuration()
    {
        var bus = City.First(ServiceKind.Bus);
        var route = City.Routes.Single(r => r.Id == bus.RouteId);
        var sink = Play(FaultJson("busOffRoute", bus.Id));
        var telemetry = sink.Messages(bus.Id, "telemetry").ToList();

        // Degrees to metres, conservatively: ≥ 80 km per degree at this latitude, ≤ 111 km.
        double Degrees(WireMessage m) => route.Shape.Distance(CityGeometry.Factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(m.Number("lon"), m.Number("lat"))));
        Assert.All(telemetry.Where(During), m => Assert.True(Degrees(m) * 80_000 > 150, $"{Degrees(m) * 80_000:0} m"));
        Assert.All(telemetry.Where(m => m.SimMs < Start || m.SimMs > End), m => Assert.True(Degrees(m) * 111_000 < 5, $"{Degrees(m) * 111_000:0} m off while not faulted"));
        Assert.True(telemetry.Where(During).Select(m => (m.Number("lat"), m.Number("lon"))).Distinct().Count() > 10, "the bus keeps moving off its route");
    }

    [Fact]
    public void TrackerSilence_NoTelemetryWhileInService_ConnectionKept()
    {
        var bus = City.First(ServiceKind.Bus);
        var sink = Play(FaultJson("trackerSilence", bus.Id));
        var telemetry = sink.Messages(bus.Id, "telemetry").ToList();

        Assert.DoesNotContain(telemetry, m => m.SimMs > Start && m.SimMs < End);
        Assert.Contains(telemetry, m => m.SimMs < Start);
        Assert.Contains(telemetry, m => m.SimMs == End && m.Text("serviceStatus") == "onRoute");
        Assert.DoesNotContain(sink.Records, r => r.AgentId == bus.AgentId && r.Kind != SinkRecordKind.Publish && r.Kind != SinkRecordKind.Connect);
    }

    private static bool During(WireMessage m) => m.SimMs > Start && m.SimMs < End;

    private static string FaultJson(string kind, string target, string extra = "") =>
        $$"""{"kind": "{{kind}}", "targets": ["{{target}}"], "start": "PT10M", "duration": "PT20M"{{extra}}}""";

    private static InMemoryFleetSink Play(string faultJson, DateTimeOffset? start = null) =>
        TestCity.Run(City, TestCity.Scenario(City, faultJson), TimeSpan.FromMinutes(45), start);

    private static void AssertSilentThenBack(List<SinkRecord> records, int disconnect)
    {
        var reconnect = records.FindIndex(disconnect, r => r.Kind == SinkRecordKind.Connect);
        Assert.True(reconnect > disconnect, "the agent reconnected after the fault");
        Assert.Equal(disconnect + 1, reconnect); // nothing published while away
        var first = records.First(r => r.Kind == SinkRecordKind.Connect);
        Assert.Equal(first.Session + 1, records[reconnect].Session);
        var birth = records[reconnect + 1];
        Assert.Contains("\"state\":\"online\"", birth.PayloadText, StringComparison.Ordinal);
        Assert.Contains($"\"session\":{first.Session + 1}", birth.PayloadText, StringComparison.Ordinal);
        Assert.Equal(End, TestCity.SimMs(new WireMessage(birth).Ts));
    }
}
