using System.Security.Cryptography;
using System.Text;
using Iot.Contracts;
using Iot.Hub.Ingest;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Alerts;

/// <summary>
/// Operators' accounts on the embedded broker: client id (and user name, if given) <c>operator:{operatorId}</c>, the
/// password of an <c>Alerts:Subscriptions:{n}:MqttPassword</c>. Such an account may subscribe only to its own alerts
/// topic, <c>iot/v1/{commune}/alerts/{operatorId}</c> (the commune may be <c>+</c>), and may not publish.
/// </summary>
public sealed class OperatorMqttAccounts : IMqttSubscriberAccounts
{
    public const string ClientIdPrefix = "operator:";

    // Operator id -> SHA-256 of each configured password (compared in fixed time).
    private readonly Dictionary<string, byte[][]> _passwords;

    public OperatorMqttAccounts(IOptions<AlertsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _passwords = options.Value.Subscriptions
            .Where(s => s.Mqtt && !string.IsNullOrEmpty(s.MqttPassword) && !string.IsNullOrEmpty(s.OperatorId))
            .GroupBy(s => s.OperatorId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(s => SHA256.HashData(Encoding.UTF8.GetBytes(s.MqttPassword!))).ToArray(), StringComparer.Ordinal);
    }

    public static string ClientIdOf(string operatorId) => ClientIdPrefix + operatorId;

    public bool Owns(string clientId) => clientId.StartsWith(ClientIdPrefix, StringComparison.Ordinal);

    public bool Verify(string clientId, string? userName, ReadOnlySpan<byte> password)
    {
        if (!string.IsNullOrEmpty(userName) && !string.Equals(userName, clientId, StringComparison.Ordinal))
        {
            return false;
        }

        if (password.IsEmpty || !_passwords.TryGetValue(OperatorOf(clientId), out var hashes))
        {
            return false;
        }

        var given = SHA256.HashData(password);
        var match = false;
        foreach (var hash in hashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(given, hash);
        }

        return match;
    }

    public bool MaySubscribe(string clientId, string topicFilter)
    {
        // iot/v1/{commune or +}/alerts/{operatorId}: nothing wider, no '#'.
        var parts = topicFilter.Split('/');
        return parts.Length == 5
            && string.Concat(parts[0], "/", parts[1], "/") == Topics.Prefix
            && parts[2].Length > 0 && !parts[2].Contains('#', StringComparison.Ordinal)
            && (parts[2] == "+" || !parts[2].Contains('+', StringComparison.Ordinal))
            && parts[3] == "alerts"
            && string.Equals(parts[4], OperatorOf(clientId), StringComparison.Ordinal);
    }

    private static string OperatorOf(string clientId) => clientId[ClientIdPrefix.Length..];
}
