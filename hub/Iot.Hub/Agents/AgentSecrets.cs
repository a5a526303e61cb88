using System.Security.Cryptography;

namespace Iot.Hub.Agents;

/// <summary>
/// Agent secrets: 24 random bytes, shown once as base64url. Stored as HMAC-SHA256(salt, secret) with a 16-byte
/// random salt. The secrets are machine-generated with 192 bits of entropy, so a slow password hash (PBKDF2) would
/// add connect latency without adding strength; user passwords are a different matter.
/// </summary>
public static class AgentSecrets
{
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(24));

    public static (byte[] Salt, byte[] Hash) Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var salt = RandomNumberGenerator.GetBytes(16);
        return (salt, HMACSHA256.HashData(salt, System.Text.Encoding.UTF8.GetBytes(secret)));
    }

    public static bool Verify(ReadOnlySpan<byte> secretUtf8, byte[] salt, byte[] hash)
    {
        Span<byte> computed = stackalloc byte[32];
        HMACSHA256.HashData(salt, secretUtf8, computed);
        return CryptographicOperations.FixedTimeEquals(computed, hash);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
