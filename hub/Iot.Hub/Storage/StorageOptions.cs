using System.ComponentModel.DataAnnotations;

namespace Iot.Hub.Storage;

public enum TelemetryStoreKind
{
    Sqlite,
    Influx,
}

/// <summary>The <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Where time series go: <c>Sqlite</c> (the default, embedded) or <c>Influx</c>.</summary>
    public TelemetryStoreKind Telemetry { get; set; } = TelemetryStoreKind.Sqlite;

    /// <summary>Directory of the hub's files (hub.db, telemetry.db). Relative paths are resolved against the working directory.</summary>
    [Required]
    public string DataDir { get; set; } = "data";

    /// <summary>Telemetry older than this many days is deleted.</summary>
    [Range(1, 36500)]
    public int RetentionDays { get; set; } = 90;

    /// <summary>Most telemetry messages written in one transaction.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 5000;

    /// <summary>
    /// How long a batch smaller than <see cref="BatchSize"/> waits for more messages, in milliseconds. 0 (the default)
    /// writes as soon as the writer is free: batches then grow with the load on their own (group commit).
    /// </summary>
    [Range(0, 60_000)]
    public int BatchDelayMs { get; set; }

    /// <summary>Decoded messages waiting for the writer; when full, the decoder (and so the broker) waits.</summary>
    [Range(1, 10_000_000)]
    public int WriterQueueCapacity { get; set; } = 20_000;

    public string FullDataDir => Path.GetFullPath(DataDir);
}
