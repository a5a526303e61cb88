using System.Globalization;
using Iot.Contracts;
using Iot.Edge.Drivers;
using Microsoft.Extensions.Configuration;

namespace Iot.Edge.Configuration;

/// <summary>
/// Reads and validates an agent's configuration. Every problem is reported with the full key
/// (<c>Broker:Port</c>, <c>Devices:1:Serial:BaudRate</c>) and all of them at once, so a bad file is fixed in one pass.
/// </summary>
public static class AgentConfigLoader
{
    private static readonly string[] Parities = ["None", "Odd", "Even", "Mark", "Space"];
    private static readonly string[] StopBitsNames = ["One", "OnePointFive", "Two"];

    /// <summary>Loads <paramref name="path"/> (JSON). Throws <see cref="EdgeConfigException"/> listing every bad key.</summary>
    public static AgentConfig LoadFile(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new EdgeConfigException($"config file '{full}' does not exist");
        }

        IConfigurationRoot configuration;
        try
        {
            configuration = new ConfigurationBuilder().AddJsonFile(full, optional: false, reloadOnChange: false).Build();
        }
        catch (InvalidDataException ex)
        {
            throw new EdgeConfigException($"config file '{full}' is not valid JSON: {ex.InnerException?.Message ?? ex.Message}");
        }

        return Load(configuration, Path.GetDirectoryName(full)!);
    }

    /// <summary>Validates a configuration; relative paths are resolved against <paramref name="baseDirectory"/>.</summary>
    public static AgentConfig Load(IConfiguration configuration, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        var reader = new Reader(configuration, errors);

        var agentId = reader.String("AgentId", required: true);
        if (agentId is not null && !Topics.IsDeviceId(agentId))
        {
            errors.Add($"AgentId: '{agentId}' must match [A-Za-z0-9_-]{{1,64}}");
        }

        var secret = reader.String("Secret", required: true);
        var commune = reader.String("Commune", required: true);
        if (commune is not null && !Topics.IsCommuneSlug(commune))
        {
            errors.Add($"Commune: '{commune}' must match [a-z0-9-]{{1,32}}");
        }

        var statusService = reader.Service("StatusService", required: false);
        var dataDirectory = reader.String("DataDirectory", required: true);

        var tls = new TlsConfig(
            reader.Bool("Broker:Tls:Enabled", false),
            reader.File("Broker:Tls:CaFile", baseDirectory),
            reader.File("Broker:Tls:ClientCertificateFile", baseDirectory),
            reader.File("Broker:Tls:ClientKeyFile", baseDirectory),
            reader.Bool("Broker:Tls:AllowUntrusted", false));
        if (!tls.Enabled && (tls.CaFile ?? tls.ClientCertificateFile ?? tls.ClientKeyFile) is not null)
        {
            errors.Add("Broker:Tls:Enabled: TLS files are set but Enabled is false");
        }

        if ((tls.ClientCertificateFile is null) != (tls.ClientKeyFile is null))
        {
            errors.Add("Broker:Tls:ClientKeyFile: a client certificate needs both ClientCertificateFile and ClientKeyFile");
        }

        var broker = new BrokerConfig(
            reader.String("Broker:Host", required: true) ?? "",
            (int)reader.Long("Broker:Port", tls.Enabled ? 8883 : 1883, 1, 65535),
            tls,
            reader.Seconds("Broker:KeepAliveSeconds", 30, 1, 3600),
            reader.Seconds("Broker:ConnectTimeoutSeconds", 10, 0.1, 300),
            reader.Seconds("Broker:ReconnectMinSeconds", 1, 0.01, 3600),
            reader.Seconds("Broker:ReconnectMaxSeconds", 60, 0.01, 86400),
            reader.Seconds("Broker:SessionExpirySeconds", 3600, 0, uint.MaxValue),
            reader.Seconds("Broker:CommandTimeoutSeconds", 10, 0.1, 600));
        if (broker.ReconnectMax < broker.ReconnectMin)
        {
            errors.Add("Broker:ReconnectMaxSeconds: must not be less than Broker:ReconnectMinSeconds");
        }

        var queue = new QueueConfig(
            reader.Long("Queue:MaxBytes", 64L * 1024 * 1024, 64 * 1024, long.MaxValue),
            reader.Long("Queue:MaxMessages", 1_000_000, 1, long.MaxValue),
            reader.Double("Queue:DrainPerSecond", 50, 0.1, 100_000),
            reader.Seconds("Queue:FsyncIntervalMs", 1000, 0, 60_000, scale: 0.001));

        var devices = new List<DeviceConfig>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var deviceSections = configuration.GetSection("Devices").GetChildren().ToList();
        if (deviceSections.Count == 0)
        {
            errors.Add("Devices: at least one device is required");
        }

        foreach (var section in deviceSections)
        {
            var key = "Devices:" + section.Key;
            var id = reader.String(key + ":Id", required: true);
            if (id is not null && !Topics.IsDeviceId(id))
            {
                errors.Add($"{key}:Id: '{id}' must match [A-Za-z0-9_-]{{1,64}}");
            }
            else if (id is not null && !ids.Add(id))
            {
                errors.Add($"{key}:Id: '{id}' appears twice");
            }

            var service = reader.Service(key + ":Service", required: true);
            var driver = reader.String(key + ":Driver", required: true);
            var port = reader.String(key + ":Serial:Port", required: true);
            var serial = new SerialSettings(
                port ?? "",
                (int)reader.Long(key + ":Serial:BaudRate", 9600, 50, 4_000_000),
                (int)reader.Long(key + ":Serial:DataBits", 8, 5, 8),
                reader.OneOf(key + ":Serial:Parity", "None", Parities),
                reader.OneOf(key + ":Serial:StopBits", "One", StopBitsNames));
            if (id is not null && service is not null && driver is not null)
            {
                devices.Add(new DeviceConfig(key, id, service.Value, driver, serial, configuration.GetSection(key + ":Settings")));
            }
        }

        if (errors.Count > 0)
        {
            throw new EdgeConfigException(string.Join(Environment.NewLine, errors));
        }

        return new AgentConfig(agentId!, secret!, commune!, statusService, broker,
            Path.GetFullPath(dataDirectory!, baseDirectory), queue, devices);
    }

    private sealed class Reader(IConfiguration configuration, List<string> errors)
    {
        public string? String(string key, bool required)
        {
            var value = configuration[key];
            if (string.IsNullOrWhiteSpace(value))
            {
                if (required)
                {
                    errors.Add($"{key}: is required");
                }

                return null;
            }

            return value.Trim();
        }

        public string? File(string key, string baseDirectory)
        {
            var value = String(key, required: false);
            if (value is null)
            {
                return null;
            }

            var full = Path.GetFullPath(value, baseDirectory);
            if (!System.IO.File.Exists(full))
            {
                errors.Add($"{key}: file '{full}' does not exist");
            }

            return full;
        }

        public bool Bool(string key, bool fallback)
        {
            var value = String(key, required: false);
            if (value is null)
            {
                return fallback;
            }

            if (bool.TryParse(value, out var parsed))
            {
                return parsed;
            }

            errors.Add($"{key}: '{value}' is not true or false");
            return fallback;
        }

        public long Long(string key, long fallback, long min, long max)
        {
            var value = String(key, required: false);
            if (value is null)
            {
                return fallback;
            }

            if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
            {
                errors.Add($"{key}: '{value}' is not an integer in {min}..{max}");
                return fallback;
            }

            return parsed;
        }

        public double Double(string key, double fallback, double min, double max)
        {
            var value = String(key, required: false);
            if (value is null)
            {
                return fallback;
            }

            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || !(parsed >= min && parsed <= max))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: '{value}' is not a number in {min}..{max}"));
                return fallback;
            }

            return parsed;
        }

        public TimeSpan Seconds(string key, double fallback, double min, double max, double scale = 1) =>
            TimeSpan.FromSeconds(Double(key, fallback, min, max) * scale);

        public ServiceKind? Service(string key, bool required)
        {
            var value = String(key, required);
            if (value is null)
            {
                return null;
            }

            if (ServiceKinds.TryParse(value, out var service))
            {
                return service;
            }

            errors.Add($"{key}: '{value}' is not one of streetlight|cabinet|wastebin|bus");
            return null;
        }

        public string OneOf(string key, string fallback, string[] allowed)
        {
            var value = String(key, required: false);
            if (value is null)
            {
                return fallback;
            }

            var match = allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                errors.Add($"{key}: '{value}' is not one of {string.Join('|', allowed)}");
                return fallback;
            }

            return match;
        }
    }
}
