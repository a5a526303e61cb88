namespace Iot.Hub.Ingest;

/// <summary>
/// Accounts of the embedded broker that are not agents — such as operators reading their alerts topic. They may
/// subscribe to what they own and never publish; their connections are not agent connections.
/// </summary>
public interface IMqttSubscriberAccounts
{
    /// <summary>Whether <paramref name="clientId"/> names one of these accounts (e.g. <c>operator:OP-LIGHT</c>).</summary>
    bool Owns(string clientId);

    /// <summary>Whether the credentials are this account's. The user name, when given, must equal the client id.</summary>
    bool Verify(string clientId, string? userName, ReadOnlySpan<byte> password);

    /// <summary>Whether the account may subscribe to <paramref name="topicFilter"/>.</summary>
    bool MaySubscribe(string clientId, string topicFilter);
}
