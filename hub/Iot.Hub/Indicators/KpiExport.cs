using System.Globalization;
using System.Text;
using System.Text.Json;
using Iot.City;

namespace Iot.Hub.Indicators;

/// <summary>
/// Writes indicators as FIWARE Smart Data Models <c>KeyPerformanceIndicator</c> entities (NGSI-v2): one entity per
/// indicator and period, in the key-values form (<c>options=keyValues</c>) or the normalized form (each attribute as
/// <c>{"type", "value"}</c>). Indicators with no data are written with a null <c>kpiValue</c>.
/// </summary>
public static class KpiExport
{
    public static string Write(IndicatorResult result, CityModel city, DateTimeOffset now, bool normalized)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(city);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            var commune = city.Communes.FirstOrDefault(c => c.Id == result.Commune);
            var provider = city.OperatorName(result.Operator);
            var district = city.DistrictName(result.District);
            var frequency = result.Granularity switch { "day" => "daily", "week" => "weekly", _ => "monthly" };
            json.WriteStartArray();
            foreach (var period in result.Periods)
            {
                var zone = TimeZoneInfo.FindSystemTimeZoneById(result.TimeZone);
                var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(period.End, zone).DateTime).AddDays(-1);
                var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(period.Start, zone).DateTime);
                foreach (var value in period.Indicators)
                {
                    json.WriteStartObject();
                    var id = string.Join(':', new[] { "urn:ngsi-ld:KeyPerformanceIndicator", result.Commune, result.Service ?? "all", result.Operator ?? "all", result.District ?? "all", value.Id, period.Label });
                    json.WriteString("id", id);
                    json.WriteString("type", "KeyPerformanceIndicator");
                    Text(json, normalized, "name", value.Name);
                    Text(json, normalized, "description", value.Definition);
                    Attribute(json, normalized, "category", "StructuredValue", w =>
                    {
                        w.WriteStartArray();
                        w.WriteStringValue("quantitative");
                        w.WriteEndArray();
                    });
                    Attribute(json, normalized, "kpiValue", "Number", w =>
                    {
                        if (value.Value is { } v)
                        {
                            w.WriteNumberValue(Math.Round(v, 6));
                        }
                        else
                        {
                            w.WriteNullValue();
                        }
                    });
                    Attribute(json, normalized, "calculationPeriod", "StructuredValue", w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("from", firstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                        w.WriteString("to", lastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                        w.WriteEndObject();
                    });
                    Text(json, normalized, "calculationMethod", "automatic");
                    Text(json, normalized, "calculationFrequency", frequency);
                    Text(json, normalized, "calculationFormula", $"{value.Numerator.ToString("0.######", CultureInfo.InvariantCulture)} / {value.Denominator.ToString("0.######", CultureInfo.InvariantCulture)} ({value.Unit}); coverage {value.Coverage.ToString("0.####", CultureInfo.InvariantCulture)}");
                    if (value.Target is { } target)
                    {
                        Text(json, normalized, "businessTarget", target.ToString(CultureInfo.InvariantCulture));
                        if (value.Value is { } actual)
                        {
                            var lowerIsBetter = value.Id is KpiTargets.FaultRate or KpiTargets.Mtta or KpiTargets.Mttr or KpiTargets.BinOverflowRate or KpiTargets.ServiceInterruptions;
                            Text(json, normalized, "currentStanding", (lowerIsBetter ? actual <= target : actual >= target) ? "good" : "bad");
                        }
                    }

                    Attribute(json, normalized, "organization", "StructuredValue", w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("name", commune?.Name ?? result.Commune);
                        w.WriteEndObject();
                    });
                    if (provider is not null)
                    {
                        Attribute(json, normalized, "provider", "StructuredValue", w =>
                        {
                            w.WriteStartObject();
                            w.WriteString("name", provider);
                            w.WriteEndObject();
                        });
                    }

                    Text(json, normalized, "process", result.Service ?? "all services");
                    if (district is not null)
                    {
                        Text(json, normalized, "area", district);
                    }

                    Attribute(json, normalized, "dateModified", "DateTime", w => w.WriteStringValue(now.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)));
                    if (period.Partial)
                    {
                        Attribute(json, normalized, "dateNextCalculation", "DateTime", w => w.WriteStringValue(lastDay.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                    }

                    json.WriteEndObject();
                }
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Text(Utf8JsonWriter json, bool normalized, string name, string value) =>
        Attribute(json, normalized, name, "Text", w => w.WriteStringValue(value));

    private static void Attribute(Utf8JsonWriter json, bool normalized, string name, string type, Action<Utf8JsonWriter> value)
    {
        json.WritePropertyName(name);
        if (!normalized)
        {
            value(json);
            return;
        }

        json.WriteStartObject();
        json.WriteString("type", type);
        json.WritePropertyName("value");
        value(json);
        json.WriteEndObject();
    }
}
