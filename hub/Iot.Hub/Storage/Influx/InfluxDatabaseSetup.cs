using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Iot.Hub.Storage.Influx;

/// <summary>
/// Makes sure the configured database (and retention policy) exist. A missing database is created with a default
/// retention policy of <c>Storage:RetentionDays</c> (named <c>Storage:Influx:RetentionPolicy</c> when set), so InfluxDB
/// itself drops expired data by whole shards. An existing database is left as it is; if the policy in use keeps data
/// for another duration, a warning says so.
/// </summary>
internal sealed partial class InfluxDatabaseSetup(InfluxHttpClient client, InfluxOptions options, int retentionDays, ILogger logger)
{
    /// <summary>Throws <see cref="InfluxException"/> when InfluxDB refuses (credentials, a missing policy), or a transport error.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var database = options.Database;
        bool exists;
        try
        {
            using var databases = await client.QueryAsync("SHOW DATABASES", changes: false, "ms", cancellationToken);
            exists = InfluxResults.Rows(databases, 0).Any(row => row[0].GetString() == database);
        }
        catch (InfluxException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new InfluxException(
                $"InfluxDB at {client.BaseAddress} refused the credentials of Storage:Influx:Username/Storage:Influx:Password: {ex.Message}", ex);
        }

        if (!exists)
        {
            var create = string.Create(CultureInfo.InvariantCulture, $"CREATE DATABASE {InfluxQl.Identifier(database)} WITH DURATION {retentionDays}d");
            if (!string.IsNullOrEmpty(options.RetentionPolicy))
            {
                create += " NAME " + InfluxQl.Identifier(options.RetentionPolicy);
            }

            using var created = await client.QueryAsync(create, changes: true, "ms", cancellationToken);
            _ = InfluxResults.Rows(created, 0).Any();
            InfluxLog.DatabaseCreated(logger, database, retentionDays, client.BaseAddress);
            return;
        }

        using var policies = await client.QueryAsync($"SHOW RETENTION POLICIES ON {InfluxQl.Identifier(database)}", changes: false, "ms", cancellationToken);
        // Columns: name, duration, shardGroupDuration, replicaN, default.
        var rows = InfluxResults.Rows(policies, 0).ToList();
        var used = string.IsNullOrEmpty(options.RetentionPolicy)
            ? rows.FirstOrDefault(r => r[4].ValueKind == System.Text.Json.JsonValueKind.True)
            : rows.FirstOrDefault(r => r[0].GetString() == options.RetentionPolicy);
        if (used.ValueKind == System.Text.Json.JsonValueKind.Undefined)
        {
            throw new InfluxException(string.IsNullOrEmpty(options.RetentionPolicy)
                ? $"InfluxDB database '{database}' has no default retention policy; set Storage:Influx:RetentionPolicy"
                : $"Storage:Influx:RetentionPolicy: InfluxDB database '{database}' has no retention policy '{options.RetentionPolicy}'");
        }

        var duration = used[1].GetString() ?? "";
        if (ParseDuration(duration) != TimeSpan.FromDays(retentionDays))
        {
            InfluxLog.RetentionMismatch(logger, database, used[0].GetString() ?? "", duration, retentionDays);
        }
    }

    /// <summary>Reads InfluxDB's duration text such as <c>2160h0m0s</c> (<c>0s</c> means forever, returned as zero).</summary>
    internal static TimeSpan? ParseDuration(string text)
    {
        var total = TimeSpan.Zero;
        var matches = DurationPart().Matches(text);
        if (matches.Count == 0 || matches.Sum(m => m.Length) != text.Length)
        {
            return null;
        }

        foreach (Match match in matches)
        {
            var value = long.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            total += match.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "s" => TimeSpan.FromSeconds(value),
                "ms" => TimeSpan.FromMilliseconds(value),
                _ => TimeSpan.Zero,
            };
        }

        return total;
    }

    [GeneratedRegex(@"(\d+)(h|ms|m|s|us|µs|ns)")]
    private static partial Regex DurationPart();
}
