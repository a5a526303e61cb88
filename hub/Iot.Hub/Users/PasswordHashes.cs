using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Iot.Hub.Users;

/// <summary>
/// Users' password hashes: PBKDF2 with HMAC-SHA256 (<see cref="Rfc2898DeriveBytes.Pbkdf2(ReadOnlySpan{byte}, ReadOnlySpan{byte}, int, HashAlgorithmName, int)"/>),
/// a random 16-byte salt per hash and <see cref="Iterations"/> iterations (OWASP's 2023 figure for PBKDF2-HMAC-SHA256),
/// 32-byte output. The stored string describes itself — <c>pbkdf2-sha256$600000$&lt;salt&gt;$&lt;hash&gt;</c>, salt and hash in
/// base64 — so a later hub can raise the iteration count or change algorithm and still verify old hashes (and upgrade
/// them at the next successful sign-in, see <see cref="NeedsUpgrade"/>).
/// </summary>
public static class PasswordHashes
{
    public const string Algorithm = "pbkdf2-sha256";
    public const int Iterations = 600_000;
    public const int SaltBytes = 16;
    public const int HashBytes = 32;

    /// <summary>Fewest iterations a stored hash may claim; anything lower is treated as corrupt, not verified.</summary>
    public const int MinIterations = 10_000;

    /// <summary>Most iterations a stored hash may claim (a corrupt count must not stall a sign-in).</summary>
    public const int MaxIterations = 100_000_000;

    public static string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, Iterations, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Algorithm}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Whether <paramref name="password"/> matches <paramref name="encoded"/>; false for a hash this hub cannot read.</summary>
    public static bool Verify(string password, string encoded)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParse(encoded, out var iterations, out var salt, out var expected))
        {
            return false;
        }

        var actual = Derive(password, salt, iterations, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Whether a hash was made with weaker settings than this hub's (so it should be replaced after a successful sign-in).</summary>
    public static bool NeedsUpgrade(string encoded) =>
        !TryParse(encoded, out var iterations, out var salt, out var hash)
        || iterations < Iterations || salt.Length < SaltBytes || hash.Length < HashBytes;

    internal static bool TryParse(string? encoded, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = encoded?.Split('$');
        if (parts is not [Algorithm, var count, var saltText, var hashText]
            || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            || iterations < MinIterations)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(saltText);
            hash = Convert.FromBase64String(hashText);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length >= 8 && hash.Length is >= 16 and <= 64 && iterations <= MaxIterations;
    }

    private static byte[] Derive(string password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, length);
}
