using System.Text.Json.Serialization;

namespace Iot.Contracts;

/// <summary>Online/offline status (retained; the offline form is the Last Will). <c>State</c> is <c>online</c> or <c>offline</c>.</summary>
public sealed record StatusPayload(long Ts, string State, long Session, string Agent, string? Fw = null)
{
    public const string Online = "online";
    public const string Offline = "offline";

    [JsonIgnore]
    public bool IsOnline => State == Online;
}
