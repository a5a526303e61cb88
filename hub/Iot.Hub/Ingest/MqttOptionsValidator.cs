using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Ingest;

/// <summary>
/// The checks of <see cref="MqttOptions"/> that data annotations cannot express; every message names the full key.
/// TLS files are read here so a wrong path or a broken PEM stops the hub at start, not at the first reconnect.
/// </summary>
internal sealed class MqttOptionsValidator : IValidateOptions<MqttOptions>
{
    public ValidateOptionsResult Validate(string? name, MqttOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!System.Net.IPAddress.TryParse(options.BindAddress, out _))
        {
            errors.Add("Mqtt:BindAddress must be an IP address such as 0.0.0.0 or 127.0.0.1.");
        }

        if (options.Mode == MqttMode.External)
        {
            ValidateExternal(options, errors);
        }
        else if (options.Tls.Enabled)
        {
            errors.Add("Mqtt:Tls:Enabled applies to Mqtt:Mode=External only (the embedded broker listens on plain TCP).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateExternal(MqttOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            errors.Add("Mqtt:Host is required when Mqtt:Mode=External: the host name or address of the broker.");
        }

        if (options.Port == 0)
        {
            errors.Add("Mqtt:Port must be between 1 and 65535 when Mqtt:Mode=External.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            errors.Add("Mqtt:ClientId must not be empty when Mqtt:Mode=External: the broker keeps the hub's session under it.");
        }

        if (!string.IsNullOrEmpty(options.Password) && string.IsNullOrEmpty(options.Username))
        {
            errors.Add("Mqtt:Password is set but Mqtt:Username is not.");
        }

        if (options.SharedGroup is { } group && (group.Length == 0 || group.AsSpan().IndexOfAny("/+#") >= 0 || group.Any(char.IsWhiteSpace)))
        {
            errors.Add("Mqtt:SharedGroup must be a non-empty name without '/', '+', '#' or spaces.");
        }

        ValidateTls(options.Tls, errors);
    }

    private static void ValidateTls(MqttTlsOptions tls, List<string> errors)
    {
        if (!tls.Enabled)
        {
            foreach (var (key, set) in new[] { ("CaFile", tls.CaFile is not null), ("AllowUntrusted", tls.AllowUntrusted), ("ClientCertificateFile", tls.ClientCertificateFile is not null), ("ClientKeyFile", tls.ClientKeyFile is not null) })
            {
                if (set)
                {
                    errors.Add($"Mqtt:Tls:{key} is set but Mqtt:Tls:Enabled is false.");
                }
            }

            return;
        }

        if (tls.CaFile is not null)
        {
            TryLoad("Mqtt:Tls:CaFile", tls.CaFile, errors, () => MqttTls.LoadCa(tls.CaFile));
        }

        if ((tls.ClientCertificateFile is null) != (tls.ClientKeyFile is null))
        {
            errors.Add("Mqtt:Tls:ClientCertificateFile and Mqtt:Tls:ClientKeyFile go together: set both or neither.");
        }
        else if (tls.ClientCertificateFile is not null)
        {
            TryLoad("Mqtt:Tls:ClientCertificateFile", tls.ClientCertificateFile, errors, () =>
            {
                using var certificate = MqttTls.LoadClientCertificate(tls.ClientCertificateFile, tls.ClientKeyFile!);
            });
        }
    }

    private static void TryLoad(string key, string path, List<string> errors, Action load)
    {
        if (!File.Exists(path))
        {
            errors.Add($"{key} names a file that does not exist: {path}");
            return;
        }

        try
        {
            load();
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or IOException)
        {
            errors.Add($"{key}: {path} could not be read as PEM: {ex.Message}");
        }
    }
}
