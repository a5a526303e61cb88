namespace Iot.Hub.Tests.Infrastructure;

/// <summary>What a <see cref="MosquittoFixture"/> broker is configured with besides its port and persistence.</summary>
public sealed record MosquittoSettings
{
    /// <summary>A mosquitto password file (as written by <c>agents export-mosquitto</c>); anonymous clients are then refused.</summary>
    public string? PasswordFile { get; init; }

    /// <summary>A mosquitto ACL file.</summary>
    public string? AclFile { get; init; }

    /// <summary>PEM files for a TLS listener: the broker's certificate and key, and the CA that signs client certificates.</summary>
    public (string CertFile, string KeyFile, string CaFile)? Tls { get; init; }

    /// <summary>With <see cref="Tls"/>: refuse clients without a certificate signed by the CA.</summary>
    public bool RequireClientCertificate { get; init; }
}
