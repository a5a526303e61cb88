namespace Iot.Hub.Open311;

/// <summary>
/// The <c>Open311</c> configuration section: who may post service requests (named API keys) and how many requests a
/// client address may make. Checked at start by <see cref="Internal.Open311OptionsValidator"/>; errors name the full key.
/// </summary>
public sealed class Open311Options
{
    public const string SectionName = "Open311";

    /// <summary>The API key <c>--demo</c> adds (named <c>demo</c>), documented in hub/Iot.Hub/Open311/README.md.</summary>
    public const string DemoApiKey = "demo-open311-key-0123456789";

    /// <summary>Named keys for <c>POST requests.json</c> (<c>Open311:ApiKeys:0:Name</c>, <c>Open311:ApiKeys:0:Key</c>).</summary>
    public List<Open311ApiKey> ApiKeys { get; set; } = [];

    /// <summary>Per client IP address limits (<c>Open311:RateLimit:Post:PermitLimit</c> …).</summary>
    public Open311RateLimits RateLimit { get; set; } = new();
}

/// <summary>One API key: <see cref="Name"/> (who holds it: an app, a call centre) is written in tickets' audit trail.</summary>
public sealed class Open311ApiKey
{
    public string Name { get; set; } = "";

    /// <summary>The secret the client sends as <c>api_key</c>; at least 16 characters.</summary>
    public string Key { get; set; } = "";
}

/// <summary>The POST (new requests, ratings) and GET limits per client IP address.</summary>
public sealed class Open311RateLimits
{
    public Open311RateLimit Post { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };

    public Open311RateLimit Get { get; set; } = new() { PermitLimit = 120, WindowSeconds = 60 };
}

/// <summary>At most <see cref="PermitLimit"/> requests per fixed window of <see cref="WindowSeconds"/>.</summary>
public sealed class Open311RateLimit
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; }
}
