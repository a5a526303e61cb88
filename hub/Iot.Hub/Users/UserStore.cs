using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Iot.Access;
using Iot.Hub.Storage;
using Microsoft.Data.Sqlite;

namespace Iot.Hub.Users;

/// <summary>Why a sign-in was refused. Only the log tells which; the person signing in gets one generic message.</summary>
public enum SignInRefusal
{
    None,
    UnknownUser,
    WrongPassword,
    Disabled,
}

/// <summary>
/// The users of the hub in <c>hub.db</c> (table <c>users</c>, migration 5): create, list, disable, and check a password.
/// A successful check is remembered for <see cref="ProofLifetime"/> as an HMAC under a key that lives only in this
/// process, so an API client sending HTTP Basic credentials with every request costs one PBKDF2 derivation (about a
/// quarter of a second) per <see cref="ProofLifetime"/>, not per request; changing or disabling the user ends it at once.
/// </summary>
public sealed partial class UserStore(HubDatabase database, TimeProvider time)
{
    public const int MaxNameLength = 64;
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 1024;
    public static readonly TimeSpan ProofLifetime = TimeSpan.FromMinutes(5);

    private static readonly Lazy<string> DecoyHash = new(() => PasswordHashes.Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))));
    private readonly byte[] _proofKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (byte[] Proof, long ExpiresAt)> _proofs = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The database file, for messages.</summary>
    public string FilePath => database.FilePath;

    /// <summary>Letters, digits, <c>.</c>, <c>_</c>, <c>-</c> and <c>@</c>, 1 to 64 of them (no <c>:</c>, so HTTP Basic can carry it).</summary>
    public static bool IsValidName(string? name) => name is { Length: > 0 and <= MaxNameLength } && NamePattern().IsMatch(name);

    /// <summary>Checks what a new user would be; throws <see cref="UserRequestException"/> naming the field. The operator's existence is the caller's to check (it needs the city).</summary>
    public static void Validate(string? name, string? role, string? operatorId, string? password)
    {
        if (!IsValidName(name))
        {
            throw new UserRequestException("name", $"user name '{name}' is not valid: 1 to {MaxNameLength} letters, digits, '.', '_', '-' or '@'.");
        }

        if (role is null || !HubRoles.All.Contains(role))
        {
            throw new UserRequestException("role", $"role '{role}' is not one of {string.Join(", ", HubRoles.All)}.");
        }

        if (role == HubRoles.Operator && string.IsNullOrWhiteSpace(operatorId))
        {
            throw new UserRequestException("operator", "role operator needs --operator <id>: the delegated operator whose contracts the user sees.");
        }

        if (role != HubRoles.Operator && operatorId is not null)
        {
            throw new UserRequestException("operator", $"--operator applies to role operator only, not to {role}.");
        }

        if (password is null || password.Length < MinPasswordLength || password.Length > MaxPasswordLength)
        {
            throw new UserRequestException("password", $"the password must have {MinPasswordLength} to {MaxPasswordLength} characters.");
        }
    }

    /// <summary>A strong random password: 24 characters from 18 random bytes (144 bits), URL-safe base64.</summary>
    public static string NewPassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');

    /// <summary>Creates a user; throws <see cref="UserRequestException"/> when a field is wrong or the name is taken.</summary>
    public async Task<HubUser> AddAsync(string name, string role, string? operatorId, string password, CancellationToken cancellationToken)
    {
        Validate(name, role, operatorId, password);
        var hash = PasswordHashes.Hash(password);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO users (name, role, operator_id, password_hash, created_at, disabled) VALUES ($n, $r, $o, $h, $t, 0)
            ON CONFLICT(name) DO NOTHING
            """;
        command.Parameters.AddWithValue("$n", name);
        command.Parameters.AddWithValue("$r", role);
        command.Parameters.AddWithValue("$o", (object?)operatorId ?? DBNull.Value);
        command.Parameters.AddWithValue("$h", hash);
        command.Parameters.AddWithValue("$t", now);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new UserRequestException("name", $"a user named '{name}' already exists (names are compared without case).");
        }

        return new HubUser(name, role, operatorId, DateTimeOffset.FromUnixTimeMilliseconds(now), Disabled: false);
    }

    public async Task<HubUser?> FindAsync(string name, CancellationToken cancellationToken) =>
        (await FindWithHashAsync(name, cancellationToken))?.User;

    public async Task<IReadOnlyList<HubUser>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, role, operator_id, created_at, disabled, password_hash FROM users ORDER BY name COLLATE NOCASE";
        var users = new List<HubUser>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(Read(reader).User);
        }

        return users;
    }

    /// <summary>Disables a user (sign-in refused, open sessions end at their next request); false when there is no such user.</summary>
    public async Task<bool> DisableAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE users SET disabled = 1 WHERE name = $n";
        command.Parameters.AddWithValue("$n", name);
        var changed = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        _proofs.TryRemove(name, out _);
        return changed;
    }

    /// <summary>
    /// Checks a name and password. An unknown name costs the same derivation as a known one, so timing does not tell
    /// which names exist. A hash made with weaker settings than today's is replaced after a successful check.
    /// </summary>
    public async Task<(HubUser? User, SignInRefusal Refusal)> VerifyAsync(string name, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(password);
        var found = IsValidName(name) && password.Length <= MaxPasswordLength ? await FindWithHashAsync(name, cancellationToken) : null;
        if (found is not { } row)
        {
            PasswordHashes.Verify(password, DecoyHash.Value);
            return (null, SignInRefusal.UnknownUser);
        }

        var proof = Proof(row.User.Name, row.Hash, password);
        var now = time.GetTimestamp();
        var remembered = _proofs.TryGetValue(row.User.Name, out var cached)
            && now < cached.ExpiresAt && CryptographicOperations.FixedTimeEquals(cached.Proof, proof);
        if (!remembered && !PasswordHashes.Verify(password, row.Hash))
        {
            return (null, SignInRefusal.WrongPassword);
        }

        if (row.User.Disabled)
        {
            return (null, SignInRefusal.Disabled);
        }

        if (!remembered && PasswordHashes.NeedsUpgrade(row.Hash))
        {
            var upgraded = PasswordHashes.Hash(password);
            await UpdateHashAsync(row.User.Name, row.Hash, upgraded, cancellationToken);
            proof = Proof(row.User.Name, upgraded, password);
        }

        _proofs[row.User.Name] = (proof, now + (long)(ProofLifetime.TotalSeconds * time.TimestampFrequency));
        return (row.User, SignInRefusal.None);
    }

    private async Task UpdateHashAsync(string name, string previous, string hash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Only if nobody changed it meanwhile.
        command.CommandText = "UPDATE users SET password_hash = $h WHERE name = $n AND password_hash = $p";
        command.Parameters.AddWithValue("$n", name);
        command.Parameters.AddWithValue("$p", previous);
        command.Parameters.AddWithValue("$h", hash);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<(HubUser User, string Hash)?> FindWithHashAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, role, operator_id, created_at, disabled, password_hash FROM users WHERE name = $n";
        command.Parameters.AddWithValue("$n", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static (HubUser User, string Hash) Read(SqliteDataReader reader) => (
        new HubUser(
            reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetInt64(4) != 0),
        reader.GetString(5));

    /// <summary>HMAC of the stored hash and the password under this process's key: proves a past successful check of exactly these.</summary>
    private byte[] Proof(string name, string storedHash, string password) =>
        HMACSHA256.HashData(_proofKey, Encoding.UTF8.GetBytes($"{name}\n{storedHash}\n{password}"));

    [GeneratedRegex("^[A-Za-z0-9._@-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
