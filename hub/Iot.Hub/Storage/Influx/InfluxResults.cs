using System.Text.Json;

namespace Iot.Hub.Storage.Influx;

/// <summary>Reading the JSON of <c>/query</c>: <c>{"results":[{"statement_id":0,"series":[{"columns":[…],"values":[[…]]}]}]}</c>.</summary>
internal static class InfluxResults
{
    /// <summary>
    /// The rows of every series of statement <paramref name="index"/>. A statement error throws, except "database not
    /// found", which reads as no rows (nothing was written yet).
    /// </summary>
    public static IEnumerable<JsonElement> Rows(JsonDocument document, int index)
    {
        ArgumentNullException.ThrowIfNull(document);
        var statement = Statement(document, index);
        if (statement.ValueKind != JsonValueKind.Object || !statement.TryGetProperty("series", out var series))
        {
            yield break;
        }

        foreach (var one in series.EnumerateArray())
        {
            if (one.TryGetProperty("values", out var values))
            {
                foreach (var row in values.EnumerateArray())
                {
                    yield return row;
                }
            }
        }
    }

    private static JsonElement Statement(JsonDocument document, int index)
    {
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var requestError))
        {
            throw new InfluxException("InfluxDB refused a query: " + requestError.GetString());
        }

        if (!root.TryGetProperty("results", out var results) || results.GetArrayLength() <= index)
        {
            throw new InfluxException($"InfluxDB's answer has no result for statement {index}");
        }

        var statement = results[index];
        if (statement.TryGetProperty("error", out var error))
        {
            var message = error.GetString() ?? "";
            if (message.StartsWith("database not found", StringComparison.Ordinal))
            {
                return default;
            }

            throw new InfluxException("InfluxDB refused a query: " + message);
        }

        return statement;
    }
}
