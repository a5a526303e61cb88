using Iot.Contracts;
using Iot.Hub.Storage;
using Iot.Hub.Storage.Influx;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Tests.Infrastructure;

/// <summary>Builds stored telemetry and stores for storage tests.</summary>
public static class TestTelemetry
{
    /// <summary>A message whose metric values are given as double, bool or string.</summary>
    public static StoredTelemetry Message(string device, long ts, long seq, params (string Name, object Value)[] metrics) =>
        new(device, ts, seq, [.. metrics.Select(m => new MetricReading(m.Name, m.Value switch
        {
            double d => MetricValue.FromNumber(d),
            bool b => MetricValue.FromBool(b),
            _ => MetricValue.FromText((string)m.Value),
        }))], 0);

    /// <summary>
    /// An InfluxDB store on <paramref name="influx"/>, its spill under <paramref name="dataDir"/>. The database it creates
    /// keeps 100 years by default, so tests may write at small timestamps (InfluxDB drops points older than its policy).
    /// </summary>
    public static InfluxTelemetryStore InfluxStore(
        InfluxFixture influx, string database, string dataDir, Action<InfluxOptions>? configure = null, ILoggerProvider? logs = null, int retentionDays = 36500)
    {
        var options = new InfluxOptions { Url = influx.Url.ToString(), Database = database, RequestTimeoutSeconds = 5 };
        configure?.Invoke(options);
        var factory = logs is null ? NullLoggerFactory.Instance : LoggerFactory.Create(b => b.AddProvider(logs));
        return new InfluxTelemetryStore(
            Options.Create(options),
            Options.Create(new StorageOptions { DataDir = dataDir, RetentionDays = retentionDays }),
            TimeProvider.System,
            factory.CreateLogger<InfluxTelemetryStore>());
    }
}
