namespace Iot.Testing.Servers;

/// <summary>What a <see cref="MosquittoFixture"/> broker is configured with besides its port and directory.</summary>
public sealed record MosquittoSettings
{
    /// <summary>
    /// The edge agent tests: a broker outage in the middle of store-and-forward, with tens of thousands of messages queued
    /// for a subscriber's session and a bounded in-flight window; no per-packet log at that volume.
    /// </summary>
    public static MosquittoSettings StoreAndForward { get; } = new()
    {
        MaxQueuedMessages = 100_000,
        MaxInflightMessages = 100,
        LogTypes = ["error", "warning", "notice"],
    };

    /// <summary>The simulated fleet: many clients, no persistence, errors only in the log.</summary>
    public static MosquittoSettings Fleet { get; } = new()
    {
        Persistence = false,
        MaxQueuedMessages = 100_000,
        LogTypes = ["error"],
    };

    /// <summary>A mosquitto password file (as written by <c>agents export-mosquitto</c>); anonymous clients are then refused.</summary>
    public string? PasswordFile { get; init; }

    /// <summary>A mosquitto ACL file.</summary>
    public string? AclFile { get; init; }

    /// <summary>PEM files for a TLS listener: the broker's certificate and key, and the CA that signs client certificates.</summary>
    public (string CertFile, string KeyFile, string CaFile)? Tls { get; init; }

    /// <summary>With <see cref="Tls"/>: refuse clients without a certificate signed by the CA.</summary>
    public bool RequireClientCertificate { get; init; }

    /// <summary>
    /// Persistence in the fixture's directory (on by default): a graceful stop and a restart on the same port keep
    /// subscribers' sessions and their queued messages.
    /// </summary>
    public bool Persistence { get; init; } = true;

    /// <summary>mosquitto's <c>max_queued_messages</c>: what it keeps per client while that client is away.</summary>
    public int MaxQueuedMessages { get; init; } = 10_000;

    /// <summary>mosquitto's <c>max_inflight_messages</c>, when set.</summary>
    public int? MaxInflightMessages { get; init; }

    /// <summary>
    /// The <c>log_type</c>s mosquitto writes, which the fixture records (<see cref="MosquittoFixture.Log"/>); by default
    /// down to <c>debug</c>, every packet, so that a test can count what the broker sent
    /// (<see cref="MosquittoFixture.PublishesSentTo"/>).
    /// </summary>
    public IReadOnlyList<string> LogTypes { get; init; } = ["error", "warning", "notice", "information", "debug"];

    /// <summary>
    /// A mosquitto.conf written for the docker image (<c>deploy/mosquitto/mosquitto.conf</c>) to run instead of the
    /// generated one: its listener is moved to the fixture's port, <c>/mosquitto/config/</c> to
    /// <see cref="ImageConfigDirectory"/> and <c>/mosquitto/data/</c> to the fixture's directory.
    /// </summary>
    public string? ImageConfigFile { get; init; }

    /// <summary>What stands for the image's <c>/mosquitto/config/</c> (the exported passwd and acl).</summary>
    public string? ImageConfigDirectory { get; init; }
}
