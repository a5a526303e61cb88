using System.Security.Cryptography;

namespace Iot.Hub.Agents;

/// <summary>
/// Password hashes in the format of mosquitto 2.0's password file (what <c>mosquitto_passwd</c> writes by default):
/// <c>$7${iterations}${base64 salt}${base64 hash}</c>, the hash being PBKDF2-HMAC-SHA512 over the UTF-8 password with a
/// 12-byte salt and a 64-byte output. mosquitto reads the iteration count from each line.
/// </summary>
public static class MosquittoPasswords
{
    /// <summary>
    /// mosquitto_passwd's default. Agent secrets carry 192 random bits, so more iterations would only slow every
    /// connect; a human-chosen hub password given to <c>export-mosquitto</c> deserves a strong value instead.
    /// </summary>
    public const int DefaultIterations = 101;

    private const int SaltBytes = 12;
    private const int HashBytes = 64;

    public static string Hash(string password) => Hash(password, RandomNumberGenerator.GetBytes(SaltBytes), DefaultIterations);

    public static string Hash(string password, ReadOnlySpan<byte> salt, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA512, HashBytes);
        return $"$7${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }
}
