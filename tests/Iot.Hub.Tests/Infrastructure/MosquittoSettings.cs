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

    /// <summary>
    /// A mosquitto.conf written for the docker image (<c>deploy/mosquitto/mosquitto.conf</c>) to run instead of the
    /// generated one: its listener is moved to the fixture's port, <c>/mosquitto/config/</c> to
    /// <see cref="ImageConfigDirectory"/> and <c>/mosquitto/data/</c> to the fixture's directory.
    /// </summary>
    public string? ImageConfigFile { get; init; }

    /// <summary>What stands for the image's <c>/mosquitto/config/</c> (the exported passwd and acl).</summary>
    public string? ImageConfigDirectory { get; init; }
}
