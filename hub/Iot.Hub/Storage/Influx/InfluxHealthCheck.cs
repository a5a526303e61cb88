using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Iot.Hub.Storage.Influx;

/// <summary>
/// Degraded while telemetry waits in the spill (InfluxDB not taking writes) and while refused requests sit in the
/// dead-letter directory (until an operator deals with them). Healthy otherwise, and for other stores.
/// </summary>
internal sealed class InfluxHealthCheck(ITelemetryStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (store is not InfluxTelemetryStore influx)
        {
            return Task.FromResult(HealthCheckResult.Healthy());
        }

        var stats = influx.Stats;
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["linesWritten"] = stats.LinesWritten,
            ["linesSpilled"] = stats.LinesSpilled,
            ["linesReplayed"] = stats.LinesReplayed,
            ["spillBytes"] = stats.SpillBytes,
            ["deadLetterLines"] = stats.DeadLetterLines,
        };
        var problems = new List<string>();
        if (stats.SpillSegments > 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"InfluxDB is not taking writes ({influx.LastProblem}); {stats.SpillBytes} bytes wait in {influx.SpillDir}"));
        }

        var deadLetters = Directory.Exists(influx.DeadLetterDir) ? Directory.EnumerateFiles(influx.DeadLetterDir, "*.lp").Count() : 0;
        if (deadLetters > 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{deadLetters} file(s) of lines refused by InfluxDB in {influx.DeadLetterDir}"));
        }

        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy(data: data)
            : HealthCheckResult.Degraded(string.Join("; ", problems), data: data));
    }
}
