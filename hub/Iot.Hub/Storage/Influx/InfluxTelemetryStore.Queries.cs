using System.Globalization;
using System.Text.Json;

namespace Iot.Hub.Storage.Influx;

/// <summary>History queries in InfluxQL, one request with one statement per value-kind measurement.</summary>
public sealed partial class InfluxTelemetryStore
{
    /// <summary>
    /// Raw points in [from, to), oldest first (same millisecond: by <c>seq</c>), values as double, bool or string. Points
    /// still waiting in the spill are not seen until they are replayed.
    /// </summary>
    public async Task<IReadOnlyList<HistoryPoint>> QueryRawAsync(string deviceId, string metric, long fromMs, long toMs, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(metric);
        if (limit <= 0 || fromMs >= toMs)
        {
            return [];
        }

        var field = InfluxQl.Identifier(InfluxSchema.Key(metric, isField: true)) + "::field";
        var where = Where(deviceId, fromMs, toMs);
        var query = string.Join("; ", InfluxSchema.Measurements.Select(m => string.Create(CultureInfo.InvariantCulture,
            $"SELECT {field} FROM {Measurement(m)} {where} LIMIT {limit}")));
        using var answer = await _client.QueryAsync(query, changes: false, "ns", cancellationToken);
        var points = new List<(long Ns, object Value)>();
        for (var statement = 0; statement < InfluxSchema.Measurements.Count; statement++)
        {
            foreach (var row in InfluxResults.Rows(answer, statement))
            {
                object? value = row[1].ValueKind switch
                {
                    JsonValueKind.Number => row[1].GetDouble(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.String => row[1].GetString(),
                    _ => null,
                };
                if (value is not null)
                {
                    points.Add((row[0].GetInt64(), value));
                }
            }
        }

        // A metric that changed kind has points in more than one measurement: merge them by time.
        return [.. points.OrderBy(p => p.Ns).Take(limit).Select(p => new HistoryPoint(InfluxSchema.NsToMs(p.Ns), p.Value))];
    }

    /// <summary>
    /// Mean/min/max/count per bucket of <paramref name="stepMs"/> starting at <paramref name="fromMs"/> (InfluxQL
    /// <c>GROUP BY time(step, offset)</c> with offset = from mod step), empty buckets omitted. Booleans count as 0/1,
    /// as in the SQLite store; texts are left out.
    /// </summary>
    public async Task<IReadOnlyList<HistoryBucket>> QueryDownsampledAsync(string deviceId, string metric, long fromMs, long toMs, long stepMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepMs);
        if (fromMs >= toMs)
        {
            return [];
        }

        var field = InfluxQl.Identifier(InfluxSchema.Key(metric, isField: true)) + "::field";
        var where = Where(deviceId, fromMs, toMs);
        var offset = ((fromMs % stepMs) + stepMs) % stepMs;
        var group = string.Create(CultureInfo.InvariantCulture, $"GROUP BY time({stepMs}ms, {offset}ms) fill(none)");
        var numbers = Measurement(InfluxSchema.NumberMeasurement);
        var bools = Measurement(InfluxSchema.BoolMeasurement);
        // InfluxQL has no mean() of booleans: count them, and count the true ones.
        var query = $"SELECT mean({field}), min({field}), max({field}), count({field}) FROM {numbers} {where} {group}; "
            + $"SELECT count({field}), min({field}), max({field}) FROM {bools} {where} {group}; "
            + $"SELECT count({field}) FROM {bools} {where} AND {field} = true {group}";
        using var answer = await _client.QueryAsync(query, changes: false, "ms", cancellationToken);

        var buckets = new SortedDictionary<long, HistoryBucket>();
        foreach (var row in InfluxResults.Rows(answer, 0))
        {
            buckets[row[0].GetInt64()] = new HistoryBucket(row[0].GetInt64(), row[1].GetDouble(), row[2].GetDouble(), row[3].GetDouble(), row[4].GetInt64());
        }

        var trues = InfluxResults.Rows(answer, 2).ToDictionary(row => row[0].GetInt64(), row => row[1].GetInt64());
        foreach (var row in InfluxResults.Rows(answer, 1))
        {
            var ts = row[0].GetInt64();
            var count = row[1].GetInt64();
            var sum = (double)trues.GetValueOrDefault(ts);
            var min = row[2].GetBoolean() ? 1.0 : 0.0;
            var max = row[3].GetBoolean() ? 1.0 : 0.0;
            buckets[ts] = buckets.TryGetValue(ts, out var number)
                ? new HistoryBucket(ts, ((number.Mean * number.Count) + sum) / (number.Count + count), Math.Min(number.Min, min), Math.Max(number.Max, max), number.Count + count)
                : new HistoryBucket(ts, sum / count, min, max, count);
        }

        return [.. buckets.Values];
    }

    private string Measurement(string measurement) => InfluxQl.Measurement(_options.Database, _options.RetentionPolicy, measurement);

    private static string Where(string deviceId, long fromMs, long toMs) =>
        $"WHERE {InfluxQl.Identifier(InfluxSchema.DeviceTag)}::tag = {InfluxQl.StringLiteral(InfluxSchema.Key(deviceId, isField: false))} "
        + $"AND time >= {InfluxQl.TimeNs(fromMs)} AND time < {InfluxQl.TimeNs(toMs)}";
}
