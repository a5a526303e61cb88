namespace Iot.Hub.Ingest;

/// <summary>The <c>Mqtt:Tls</c> configuration section (external mode).</summary>
public sealed class MqttTlsOptions
{
    /// <summary>Connect to the broker over TLS.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// PEM file of the certificate authority that signed the broker's certificate (a private CA). Without it, the
    /// system's trusted roots are used.
    /// </summary>
    public string? CaFile { get; set; }

    /// <summary>Accept any broker certificate. For a test bench only: it gives up the protection TLS exists for.</summary>
    public bool AllowUntrusted { get; set; }

    /// <summary>PEM certificate of the hub, when the broker asks for client certificates (with <see cref="ClientKeyFile"/>).</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>PEM private key of <see cref="ClientCertificateFile"/>.</summary>
    public string? ClientKeyFile { get; set; }
}
