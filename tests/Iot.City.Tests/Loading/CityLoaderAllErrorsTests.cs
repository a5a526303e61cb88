using Xunit;

namespace Iot.City.Tests.Loading;

/// <summary>One file with at least one of every kind of mistake: the loader must report them all, together, each where it is.</summary>
public class CityLoaderAllErrorsTests
{
    private const string Square = """{"type": "Polygon", "coordinates": [[[7.0, 43.49], [7.01, 43.49], [7.01, 43.51], [7.0, 43.51], [7.0, 43.49]]]}""";
    private const string North = """{"type": "Polygon", "coordinates": [[[7.0, 43.5], [7.01, 43.5], [7.01, 43.51], [7.0, 43.51], [7.0, 43.5]]]}""";
    private const string South = """{"type": "Polygon", "coordinates": [[[7.0, 43.49], [7.01, 43.49], [7.01, 43.5], [7.0, 43.5], [7.0, 43.49]]]}""";
    private const string BowTie = """{"type": "Polygon", "coordinates": [[[7.0, 43.0], [7.01, 43.01], [7.01, 43.0], [7.0, 43.01], [7.0, 43.0]]]}""";
    private const string Unclosed = """{"type": "Polygon", "coordinates": [[[7.0, 43.49], [7.01, 43.49], [7.01, 43.51], [7.0, 43.51]]]}""";
    private const string Sla = """[{"severity": "critical", "acknowledge": "PT30M", "repair": "PT4H"}]""";
    private const string Line = """{"type": "LineString", "coordinates": [[7.0, 43.498], [7.01, 43.498]]}""";

    private static readonly string BadCity = $$$"""
        {
          "version": 1,
          "communes": [
            {"id": "bad", "name": "Bad Town", "latitude": 43.5, "longitude": 7.0, "timeZone": "Europe/Paris"},
            {"id": "bad", "name": "Bad Town again", "latitude": 43.5, "longitude": 7.0, "timeZone": "Europe/Paris"},
            {"id": "Bad_Town", "name": "Bad id", "latitude": 43.5, "longitude": 7.0, "timeZone": "Europe/Paris"},
            {"id": "other", "name": "Other Town", "latitude": 43.0, "longitude": 7.0, "timeZone": "Europe/Paris"}
          ],
          "districts": [
            {"id": "D-N", "commune": "bad", "name": "Nord", "area": {{{North}}}},
            {"id": "D-S", "commune": "bad", "name": "Sud", "area": {{{South}}}},
            {"id": "D-N", "commune": "bad", "name": "Nord again", "area": {{{North}}}},
            {"id": "D-X", "commune": "other", "name": "Bow tie", "area": {{{BowTie}}}},
            {"id": "D-Y", "commune": "nowhere", "name": "Nowhere", "area": {{{Square}}}}
          ],
          "operators": [
            {"id": "OP-A", "name": "A", "email": "a@a.example", "language": "fr"},
            {"id": "OP-A", "name": "A again", "email": "a@a.example", "language": "fr"},
            {"id": "OP-C", "name": "No mail", "language": "fr"}
          ],
          "contracts": [
            {"id": "CT-1", "operator": "OP-A", "commune": "bad", "service": "streetlight", "zone": {{{Square}}}, "sla": {{{Sla}}}, "start": "2025-01-01", "end": "2030-12-31"},
            {"id": "CT-1", "operator": "OP-A", "commune": "bad", "service": "cabinet", "zone": {{{Square}}}, "sla": {{{Sla}}}, "start": "2025-01-01", "end": "2030-12-31"},
            {"id": "CT-2", "operator": "OP-Z", "commune": "bad", "service": "wastebin", "zone": {{{Square}}}, "sla": {{{Sla}}}, "start": "2025-01-01", "end": "2030-12-31"},
            {"id": "CT-3", "operator": "OP-A", "commune": "bad", "service": "bus", "zone": {{{Square}}}, "sla": [], "start": "2025-01-01", "end": "2030-12-31"},
            {"id": "CT-4", "operator": "OP-A", "commune": "bad", "service": "bus", "zone": {{{Unclosed}}}, "sla": {{{Sla}}}, "start": "2025-01-01", "end": "2030-12-31"}
          ],
          "agents": [
            {"id": "CAB-1", "commune": "bad", "kind": "cabinet-controller"},
            {"id": "GW-1", "commune": "bad", "kind": "bin-gateway"},
            {"id": "BUS-01", "commune": "bad", "kind": "bus-tracker"},
            {"id": "CAB-1", "commune": "bad", "kind": "cabinet-controller"},
            {"id": "GW-2", "commune": "bad"},
            {"id": "GW-IDLE", "commune": "bad", "kind": "bin-gateway"}
          ],
          "routes": [
            {"id": "L1", "commune": "bad", "name": "Ligne 1", "headway": "PT15M", "serviceStart": "06:00", "serviceEnd": "21:30", "shape": {{{Line}}}},
            {"id": "L1", "commune": "bad", "name": "Ligne 1 bis", "headway": "PT15M", "serviceStart": "06:00", "serviceEnd": "21:30", "shape": {{{Line}}}}
          ],
          "streets": [
            {"id": "ST-1", "commune": "bad", "name": "Rue Haute", "line": {{{Line}}}}
          ],
          "assets": {"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": "CAB-1", "geometry": {"type": "Point", "coordinates": [7.005, 43.505]}, "properties": {"service": "cabinet", "commune": "bad", "agent": "CAB-1"}},
            {"type": "Feature", "id": "LAMP-1-01", "geometry": {"type": "Point", "coordinates": [7.005, 43.505]}, "properties": {"service": "streetlight", "commune": "bad", "agent": "CAB-1", "cabinet": "CAB-1"}},
            {"type": "Feature", "id": "LAMP-1-01", "geometry": {"type": "Point", "coordinates": [7.005, 43.505]}, "properties": {"service": "streetlight", "commune": "bad", "agent": "CAB-1", "cabinet": "CAB-1"}},
            {"type": "Feature", "id": "LAMP 3", "geometry": {"type": "Point", "coordinates": [7.005, 43.505]}, "properties": {"service": "streetlight", "commune": "bad", "agent": "CAB-1", "cabinet": "CAB-1"}},
            {"type": "Feature", "id": "LAMP-1-04", "geometry": {"type": "Point", "coordinates": [7.005, 43.505]}, "properties": {"service": "lamp", "commune": "bad", "agent": "CAB-1", "cabinet": "CAB-1"}},
            {"type": "Feature", "id": "LAMP-1-05", "geometry": {"type": "Point", "coordinates": [7.005, 43.505]}, "properties": {"service": "streetlight", "commune": "nowhere", "agent": "CAB-1", "cabinet": "CAB-1"}},
            {"type": "Feature", "id": "LAMP-1-06", "geometry": {"type": "Point", "coordinates": [7.005, 43.505]}, "properties": {"service": "streetlight", "commune": "bad", "agent": "CAB-9", "cabinet": "CAB-1"}},
            {"type": "Feature", "id": "LAMP-1-07", "geometry": {"type": "Point", "coordinates": [7.005, 43.505]}, "properties": {"service": "streetlight", "commune": "bad", "agent": "CAB-1", "cabinet": "CAB-9"}},
            {"type": "Feature", "id": "LAMP-1-08", "geometry": {"type": "Point", "coordinates": [7.005, 43.505]}, "properties": {"service": "streetlight", "commune": "bad", "agent": "CAB-1"}},
            {"type": "Feature", "id": "LAMP-1-09", "geometry": {"type": "Point", "coordinates": [7.005, 43.505]}, "properties": {"service": "streetlight", "commune": "bad", "agent": "CAB-1", "cabinet": "BIN-0001"}},
            {"type": "Feature", "id": "BIN-0001", "geometry": {"type": "Point", "coordinates": [7.002, 43.495]}, "properties": {"service": "wastebin", "commune": "bad", "agent": "GW-1"}},
            {"type": "Feature", "id": "BUS-01", "geometry": {"type": "Point", "coordinates": [7.003, 43.498]}, "properties": {"service": "bus", "commune": "bad", "agent": "BUS-01"}},
            {"type": "Feature", "id": "BUS-02", "geometry": {"type": "Point", "coordinates": [7.004, 43.498]}, "properties": {"service": "bus", "commune": "bad", "agent": "BUS-01", "route": "L9"}},
            {"type": "Feature", "id": "BIN-0002", "geometry": {"type": "Point", "coordinates": [8.0, 44.0]}, "properties": {"service": "wastebin", "commune": "bad", "agent": "GW-2"}}
          ]}
        }
        """;

    /// <summary>Where each mistake is, and a piece of what must be said about it.</summary>
    private static readonly (string Location, string Says)[] Expected =
    [
        // bad id format
        ("$.communes[2].id (id Bad_Town)", "'Bad_Town' is not a valid id (a slug [a-z0-9-]{1,32})"),
        ("$.assets.features[3].id (id LAMP 3)", "'LAMP 3' is not a valid id ([A-Za-z0-9_-]{1,64})"),

        // missing required fields
        ("$.operators[2] (id OP-C)", "required field 'email' is missing"),
        ("$.agents[4] (id GW-2)", "required field 'kind' is missing"),

        // invalid geometry: district polygon, contract zone; empty SLA table
        ("$.districts[3].area (id D-X)", "invalid Polygon: Self-intersection"),
        ("$.contracts[4].zone.coordinates[0] (id CT-4)", "the ring is not closed"),
        ("$.contracts[3].sla (id CT-3)", "the SLA table is empty"),

        // unknown service; streetlight without cabinet; bus without route
        ("$.assets.features[4].properties.service (id LAMP-1-04)", "unknown service 'lamp'"),
        ("$.assets.features[8].properties (id LAMP-1-08)", "a streetlight needs the 'cabinet' it hangs on"),
        ("$.assets.features[11].properties (id BUS-01)", "a bus needs the 'route' it runs"),

        // duplicate ids, at the second occurrence, naming the first
        ("$.communes[1].id (id bad)", "duplicate commune id 'bad' (first defined at $.communes[0])"),
        ("$.districts[2].id (id D-N)", "duplicate district id 'D-N' (first defined at $.districts[0])"),
        ("$.operators[1].id (id OP-A)", "duplicate operator id 'OP-A' (first defined at $.operators[0])"),
        ("$.contracts[1].id (id CT-1)", "duplicate contract id 'CT-1' (first defined at $.contracts[0])"),
        ("$.agents[3].id (id CAB-1)", "duplicate agent id 'CAB-1' (first defined at $.agents[0])"),
        ("$.routes[1].id (id L1)", "duplicate route id 'L1' (first defined at $.routes[0])"),
        ("$.assets.features[2].id (id LAMP-1-01)", "duplicate asset id 'LAMP-1-01' (first defined at $.assets.features[1])"),

        // unknown references
        ("$.districts[4].commune (id D-Y)", "unknown commune 'nowhere'"),
        ("$.contracts[2].operator (id CT-2)", "unknown operator 'OP-Z'"),
        ("$.assets.features[5].properties.commune (id LAMP-1-05)", "unknown commune 'nowhere'"),
        ("$.assets.features[6].properties.agent (id LAMP-1-06)", "unknown agent 'CAB-9'"),
        ("$.assets.features[7].properties.cabinet (id LAMP-1-07)", "unknown cabinet 'CAB-9'"),
        ("$.assets.features[12].properties.route (id BUS-02)", "unknown route 'L9'"),

        // a streetlight whose cabinet is not a cabinet; an asset outside every district; an agent owning nothing
        ("$.assets.features[9].properties.cabinet (id LAMP-1-09)", "'BIN-0001' is a wastebin, not a cabinet"),
        ("$.assets.features[13].geometry (id BIN-0002)", "the asset lies outside every district of commune 'bad'"),
        ("$.agents[5] (id GW-IDLE)", "agent 'GW-IDLE' owns no asset"),
    ];

    [Fact]
    public void Load_FileWithEveryKindOfMistake_ReportsThemAllTogether()
    {
        var ex = TestCities.LoadFailing(BadCity);

        foreach (var (location, says) in Expected)
        {
            Assert.True(
                ex.Errors.Any(e => e.Location == location && e.Message.Contains(says, StringComparison.Ordinal)),
                $"expected an error at {location} saying \"{says}\"; got:\n{ex.Message}");
        }

        Assert.True(Expected.Length == ex.Errors.Count, $"expected exactly {Expected.Length} errors; got:\n{ex.Message}");
    }

    [Fact]
    public void Load_FileWithEveryKindOfMistake_ListsEveryErrorInTheMessageOnePerLine()
    {
        var ex = TestCities.LoadFailing(BadCity);

        var lines = ex.Message.Split('\n');
        Assert.Equal($"mini.city.json: {Expected.Length} errors in city file", lines[0]);
        Assert.Equal(ex.Errors.Select(e => $"mini.city.json: {e.Location}: {e.Message}"), lines.Skip(1));
    }
}
