using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Iot.City.Tests;

/// <summary>Small hand-written city files for the loader tests; each test gets its own copy to change.</summary>
public static class TestCities
{
    public const string MiniFileName = "mini.city.json";

    /// <summary>
    /// A valid city: commune "mini" with a north and a south district split at latitude 43.5, one cabinet with two
    /// lamps, one bin behind a gateway, one bus on route L1, one street. No asset states its district.
    /// </summary>
    public const string Mini = """
        {
          "version": 1,
          "communes": [
            {"id": "mini", "name": "Mini-Ville", "latitude": 43.5, "longitude": 7.005, "timeZone": "Europe/Paris"}
          ],
          "districts": [
            {"id": "D-N", "commune": "mini", "name": "Nord", "area": {"type": "Polygon", "coordinates": [[[7.0, 43.5], [7.01, 43.5], [7.01, 43.51], [7.0, 43.51], [7.0, 43.5]]]}},
            {"id": "D-S", "commune": "mini", "name": "Sud", "area": {"type": "Polygon", "coordinates": [[[7.0, 43.49], [7.01, 43.49], [7.01, 43.5], [7.0, 43.5], [7.0, 43.49]]]}}
          ],
          "operators": [
            {"id": "OP-LIGHT", "name": "Lumière", "email": "ops@lumiere.example", "language": "fr"},
            {"id": "OP-BUS", "name": "Bus Co", "email": "ops@bus.example", "language": "en"}
          ],
          "contracts": [
            {"id": "CT-1", "operator": "OP-LIGHT", "commune": "mini", "service": "streetlight", "start": "2025-01-01", "end": "2029-12-31",
             "sla": [{"severity": "critical", "acknowledge": "PT30M", "repair": "PT4H"}, {"severity": "low", "acknowledge": "P1D", "repair": "P7D"}],
             "zone": {"type": "MultiPolygon", "coordinates": [[[[7.0, 43.49], [7.01, 43.49], [7.01, 43.51], [7.0, 43.51], [7.0, 43.49]]]]}},
            {"id": "CT-2", "operator": "OP-BUS", "commune": "mini", "service": "bus", "start": "2025-01-01", "end": "2029-12-31",
             "sla": [{"severity": "high", "acknowledge": "PT1H", "repair": "PT1H30M"}],
             "zone": {"type": "Polygon", "coordinates": [[[7.0, 43.49], [7.01, 43.49], [7.01, 43.51], [7.0, 43.51], [7.0, 43.49]]]}}
          ],
          "agents": [
            {"id": "CAB-1", "commune": "mini", "kind": "cabinet-controller"},
            {"id": "GW-1", "commune": "mini", "kind": "bin-gateway"},
            {"id": "BUS-01", "commune": "mini", "kind": "bus-tracker"}
          ],
          "routes": [
            {"id": "L1", "commune": "mini", "name": "Ligne 1", "headway": "PT15M", "serviceStart": "06:00", "serviceEnd": "21:30",
             "shape": {"type": "LineString", "coordinates": [[7.0, 43.498], [7.01, 43.498]]}}
          ],
          "streets": [
            {"id": "ST-1", "commune": "mini", "name": "Rue Haute", "line": {"type": "LineString", "coordinates": [[7.0, 43.505], [7.01, 43.505]]}}
          ],
          "assets": {
            "type": "FeatureCollection",
            "features": [
              {"type": "Feature", "id": "CAB-1", "geometry": {"type": "Point", "coordinates": [7.005, 43.505]},
               "properties": {"service": "cabinet", "commune": "mini", "agent": "CAB-1", "model": {"lampCount": 2}}},
              {"type": "Feature", "id": "LAMP-1-01", "geometry": {"type": "Point", "coordinates": [7.0051, 43.5051]},
               "properties": {"service": "streetlight", "commune": "mini", "agent": "CAB-1", "cabinet": "CAB-1", "address": "1 Rue Haute", "model": {"ratedPower": 60}}},
              {"type": "Feature", "id": "LAMP-1-02", "geometry": {"type": "Point", "coordinates": [7.0055, 43.4995]},
               "properties": {"service": "streetlight", "commune": "mini", "agent": "CAB-1", "cabinet": "CAB-1", "model": {"ratedPower": 60}}},
              {"type": "Feature", "id": "BIN-0001", "geometry": {"type": "Point", "coordinates": [7.002, 43.495]},
               "properties": {"service": "wastebin", "commune": "mini", "agent": "GW-1", "model": {"binHeight": 1.25, "sensorOffset": 0.06}}},
              {"type": "Feature", "id": "BUS-01", "geometry": {"type": "Point", "coordinates": [7.003, 43.498]},
               "properties": {"service": "bus", "commune": "mini", "agent": "BUS-01", "route": "L1"}}
            ]
          }
        }
        """;

    public static JsonObject MiniJson() => JsonNode.Parse(Mini)!.AsObject();

    public static JsonObject Feature(JsonObject city, int index) => city["assets"]!["features"]![index]!.AsObject();

    public static JsonObject Properties(JsonObject city, int index) => Feature(city, index)["properties"]!.AsObject();

    public static CityModel Load(string json, string sourceName = MiniFileName)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return CityLoader.Load(stream, sourceName);
    }

    public static CityModel Load(JsonNode json) => Load(json.ToJsonString());

    /// <summary>Loads a file that must fail, and returns the errors reported.</summary>
    public static CityFileException LoadFailing(string json) => Assert.Throws<CityFileException>(() => Load(json));

    public static CityFileException LoadFailing(JsonNode json) => LoadFailing(json.ToJsonString());

    /// <summary>Asserts that exactly one error was reported, at <paramref name="location"/>, and returns its message.</summary>
    public static string SingleErrorAt(CityFileException ex, string location)
    {
        var error = Assert.Single(ex.Errors);
        Assert.Equal(location, error.Location);
        return error.Message;
    }

    public static byte[] WriteToBytes(CityModel city)
    {
        using var stream = new MemoryStream();
        CityWriter.Write(city, stream);
        return stream.ToArray();
    }

    public static CityModel Reload(CityModel city)
    {
        using var stream = new MemoryStream(WriteToBytes(city));
        return CityLoader.Load(stream, "written.city.json");
    }
}
