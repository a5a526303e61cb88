using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Iot.City.Internal;
using Iot.Contracts;

namespace Iot.City;

/// <summary>
/// Writes a city in the city file format (README.md): the sections in a fixed order, items in list order,
/// one item per line so that a diff shows which lamp moved. The same city always gives the same bytes
/// (invariant culture, LF line ends, model values sorted by name), and <c>CityLoader.Load</c> gives it back.
/// </summary>
public static class CityWriter
{
    private static readonly JsonWriterOptions ItemOptions = new()
    {
        // A data file, never embedded in HTML: keep street names such as "Allée des Pins" readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static void Write(CityModel city, Stream output)
    {
        ArgumentNullException.ThrowIfNull(city);
        ArgumentNullException.ThrowIfNull(output);
        var file = new ItemLines(output);
        file.Text("{\n  \"version\": ").Text(CitySectionReader.SupportedVersion.ToString(CultureInfo.InvariantCulture)).Text(",\n");
        file.Section("communes", city.Communes, WriteCommune);
        file.Section("districts", city.Districts, WriteDistrict);
        file.Section("operators", city.Operators, WriteOperator);
        file.Section("contracts", city.Contracts, WriteContract);
        file.Section("agents", city.Agents, WriteAgent);
        file.Section("routes", city.Routes, WriteRoute);
        file.Section("streets", city.Streets, WriteStreet);
        file.Text("  \"assets\": {\n    \"type\": \"FeatureCollection\",\n");
        file.Section("features", city.Assets, WriteAsset, indent: "    ", last: true);
        file.Text("  }\n}\n");
    }

    private static void WriteCommune(Utf8JsonWriter json, Commune commune)
    {
        json.WriteString("id", commune.Id);
        json.WriteString("name", commune.Name);
        json.WriteNumber("latitude", commune.Latitude);
        json.WriteNumber("longitude", commune.Longitude);
        json.WriteString("timeZone", commune.TimeZone);
        if (commune.Language != Commune.DefaultLanguage)
        {
            json.WriteString("language", commune.Language);
        }
    }

    private static void WriteDistrict(Utf8JsonWriter json, District district)
    {
        json.WriteString("id", district.Id);
        json.WriteString("commune", district.CommuneId);
        json.WriteString("name", district.Name);
        json.WritePropertyName("area");
        GeoJsonGeometryWriter.Write(json, district.Area);
    }

    private static void WriteOperator(Utf8JsonWriter json, Operator op)
    {
        json.WriteString("id", op.Id);
        json.WriteString("name", op.Name);
        json.WriteString("email", op.Email);
        json.WriteString("language", op.Language);
    }

    private static void WriteContract(Utf8JsonWriter json, ServiceContract contract)
    {
        json.WriteString("id", contract.Id);
        json.WriteString("operator", contract.OperatorId);
        json.WriteString("commune", contract.CommuneId);
        json.WriteString("service", contract.Service.ToWire());
        json.WriteString("start", contract.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteString("end", contract.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteStartArray("sla");
        foreach (var term in contract.Sla)
        {
            json.WriteStartObject();
            json.WriteString("severity", term.Severity);
            json.WriteString("acknowledge", IsoDuration.Format(term.Acknowledge));
            json.WriteString("repair", IsoDuration.Format(term.Repair));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (contract.Targets.Count > 0)
        {
            json.WriteStartObject("targets");
            foreach (var id in KpiTargets.All.Where(contract.Targets.ContainsKey))
            {
                json.WriteNumber(id, contract.Targets[id]);
            }

            json.WriteEndObject();
        }

        json.WritePropertyName("zone");
        GeoJsonGeometryWriter.Write(json, contract.Zone);
    }

    private static void WriteAgent(Utf8JsonWriter json, Agent agent)
    {
        json.WriteString("id", agent.Id);
        json.WriteString("commune", agent.CommuneId);
        json.WriteString("kind", agent.Kind);
    }

    private static void WriteRoute(Utf8JsonWriter json, BusRoute route)
    {
        json.WriteString("id", route.Id);
        json.WriteString("commune", route.CommuneId);
        json.WriteString("name", route.Name);
        json.WriteString("headway", IsoDuration.Format(route.Headway));
        json.WriteString("serviceStart", FormatTime(route.ServiceStart));
        json.WriteString("serviceEnd", FormatTime(route.ServiceEnd));
        if (route.Depot is not null)
        {
            json.WritePropertyName("depot");
            GeoJsonGeometryWriter.Write(json, route.Depot);
        }

        json.WritePropertyName("shape");
        GeoJsonGeometryWriter.Write(json, route.Shape);
    }

    private static void WriteStreet(Utf8JsonWriter json, Street street)
    {
        json.WriteString("id", street.Id);
        json.WriteString("commune", street.CommuneId);
        json.WriteString("name", street.Name);
        json.WritePropertyName("line");
        GeoJsonGeometryWriter.Write(json, street.Line);
    }

    private static void WriteAsset(Utf8JsonWriter json, Asset asset)
    {
        json.WriteString("type", "Feature");
        json.WriteString("id", asset.Id);
        json.WritePropertyName("geometry");
        GeoJsonGeometryWriter.Write(json, asset.Location);
        json.WriteStartObject("properties");
        json.WriteString("service", asset.Service.ToWire());
        json.WriteString("commune", asset.CommuneId);
        json.WriteString("agent", asset.AgentId);
        json.WriteString("district", asset.DistrictId);
        WriteOptional(json, "cabinet", asset.CabinetId);
        WriteOptional(json, "route", asset.RouteId);
        WriteOptional(json, "address", asset.Address);
        if (asset.Model.Count > 0)
        {
            json.WriteStartObject("model");
            foreach (var (name, value) in asset.Model.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(name, value);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static string FormatTime(TimeOnly time) =>
        time.ToString(time.Second == 0 && time.Millisecond == 0 ? "HH:mm" : "HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Lays the file out by hand around items written compactly by <see cref="Utf8JsonWriter"/>.</summary>
    private sealed class ItemLines(Stream output)
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();

        public ItemLines Text(string text)
        {
            output.Write(Encoding.UTF8.GetBytes(text));
            return this;
        }

        public void Section<T>(string name, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> writeItem, string indent = "  ", bool last = false)
        {
            Text($"{indent}\"{name}\": [");
            for (var i = 0; i < items.Count; i++)
            {
                Text(i == 0 ? "\n" : ",\n").Text(indent).Text("  ");
                _buffer.ResetWrittenCount();
                using (var json = new Utf8JsonWriter(_buffer, ItemOptions))
                {
                    json.WriteStartObject();
                    writeItem(json, items[i]);
                    json.WriteEndObject();
                }

                output.Write(_buffer.WrittenSpan);
            }

            Text(items.Count == 0 ? "]" : $"\n{indent}]").Text(last ? "\n" : ",\n");
        }
    }
}
