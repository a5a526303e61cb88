using Iot.Hub.City;
using Iot.Hub.Ingest;
using Iot.Hub.Storage;
using Iot.Hub.Users;
using Microsoft.Extensions.Configuration;

namespace Iot.Hub.Tests.Deployment;

/// <summary>
/// Checks settings given to the hub as environment variables (<c>Section__Key</c>) with the binder the hub uses, set to
/// fail on keys no options property takes: a typo such as <c>Mqtt__Hostt</c> would otherwise be ignored silently.
/// </summary>
public static class HubSettingKeys
{
    private static readonly (string Section, Type Options)[] Sections =
    [
        (MqttOptions.SectionName, typeof(MqttOptions)),
        (StorageOptions.SectionName, typeof(StorageOptions)),
        (CityOptions.SectionName, typeof(CityOptions)),
        (IngestOptions.SectionName, typeof(IngestOptions)),
        (SimulationOptions.SectionName, typeof(SimulationOptions)),
        (UsersOptions.SectionName, typeof(UsersOptions)),
    ];

    /// <summary>Keys the web host and the logging framework read, not the hub's options.</summary>
    private static readonly string[] FrameworkKeys = ["Urls", "Logging", "AllowedHosts"];

    /// <summary>
    /// The InfluxDB store's keys, agreed with the branch that writes it. Until its options type is in this build
    /// (<c>StorageOptions.Influx</c>), only these names are accepted under <c>Storage:Influx</c>.
    /// </summary>
    private static readonly string[] PendingInfluxKeys = ["Url", "Database", "RetentionPolicy", "Username", "Password"];

    /// <summary>Whether <c>Storage:Influx:*</c> is checked against a real options type, or against <see cref="PendingInfluxKeys"/>.</summary>
    public static bool InfluxOptionsInThisBuild => typeof(StorageOptions).GetProperty("Influx") is not null;

    /// <summary>One message per problem: unknown section or key, value that does not convert, ineffective variable.</summary>
    public static IReadOnlyList<string> Check(IEnumerable<KeyValuePair<string, string?>> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var problems = new List<string>();
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in environment)
        {
            if (name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("DOTNET_", StringComparison.OrdinalIgnoreCase))
            {
                // appsettings.json is read after the prefixed variables, so its Urls wins over ASPNETCORE_URLS.
                problems.Add($"{name}: the hub reads its settings from appsettings.json after {name.Split('_')[0]}_ variables, which lose; use the unprefixed key (e.g. Urls).");
                continue;
            }

            var key = name.Replace("__", ":", StringComparison.Ordinal);
            const string influx = "Storage:Influx:";
            if (!InfluxOptionsInThisBuild && key.StartsWith(influx, StringComparison.OrdinalIgnoreCase))
            {
                if (!PendingInfluxKeys.Contains(key[influx.Length..], StringComparer.OrdinalIgnoreCase))
                {
                    problems.Add($"{name}: not one of the InfluxDB store's keys ({string.Join(", ", PendingInfluxKeys)}).");
                }

                continue;
            }

            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        foreach (var section in configuration.GetChildren())
        {
            if (FrameworkKeys.Contains(section.Key, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var options = Array.Find(Sections, s => string.Equals(s.Section, section.Key, StringComparison.OrdinalIgnoreCase)).Options;
            if (options is null)
            {
                problems.Add($"{section.Key}: the hub has no such configuration section (it has {string.Join(", ", Sections.Select(s => s.Section).Concat(FrameworkKeys))}).");
                continue;
            }

            try
            {
                section.Get(options, binder => binder.ErrorOnUnknownConfiguration = true);
            }
            catch (InvalidOperationException ex)
            {
                problems.Add($"{section.Key}: {ex.Message}");
            }
        }

        return problems;
    }
}
