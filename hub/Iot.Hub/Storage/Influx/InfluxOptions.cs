using System.ComponentModel.DataAnnotations;

namespace Iot.Hub.Storage.Influx;

/// <summary>The <c>Storage:Influx</c> configuration section, used when <c>Storage:Telemetry=Influx</c>.</summary>
public sealed class InfluxOptions
{
    public const string SectionName = "Storage:Influx";

    /// <summary>Base address of the InfluxDB 1.x HTTP API.</summary>
    [Required]
    public string Url { get; set; } = "http://127.0.0.1:8086";

    /// <summary>Database the hub writes to; created at start (or when InfluxDB first answers) if missing.</summary>
    [Required]
    [RegularExpression(@"^[^\x00-\x1f]+$", ErrorMessage = "must be a database name without control characters.")]
    public string Database { get; set; } = "iot";

    /// <summary>Retention policy to write to and read from; empty means the database's default policy.</summary>
    [RegularExpression(@"^[^\x00-\x1f]*$", ErrorMessage = "must be a retention policy name without control characters.")]
    public string? RetentionPolicy { get; set; }

    /// <summary>User name for HTTP basic authentication; empty when InfluxDB runs without auth.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Most lines in one <c>/write</c> request; a larger batch is split.</summary>
    [Range(1, 100_000)]
    public int BatchLines { get; set; } = 5000;

    /// <summary>
    /// Longest a message waits for its batch, in milliseconds. With InfluxDB selected this is the hub writer's batch
    /// window (it replaces <c>Storage:BatchDelayMs</c>, which applies to SQLite).
    /// </summary>
    [Range(1, 60_000)]
    public int FlushMs { get; set; } = 100;

    /// <summary>Directory of the outage spill and the dead letters; empty means <c>{Storage:DataDir}/influx-spill</c>.</summary>
    public string? SpillDir { get; set; }

    /// <summary>Most bytes kept in the spill; when it is full, writes wait and back-pressure reaches the publishers.</summary>
    [Range(1L << 20, long.MaxValue)]
    public long SpillMaxBytes { get; set; } = 1L << 30;

    /// <summary>Time limit of one HTTP request to InfluxDB.</summary>
    [Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>The spill directory as an absolute path.</summary>
    public string FullSpillDir(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return string.IsNullOrWhiteSpace(SpillDir) ? Path.Combine(storage.FullDataDir, "influx-spill") : Path.GetFullPath(SpillDir);
    }

    /// <summary>True when <see cref="Url"/> is an absolute http or https address without a query or credentials (those go in Username/Password).</summary>
    public bool HasValidUrl() =>
        Uri.TryCreate(Url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.Query)
        && string.IsNullOrEmpty(uri.UserInfo);
}
