using Iot.Hub.Storage;
using Iot.Hub.Users;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Tests.Users;

/// <summary>The users table in a real hub.db (SQLite in a temp directory).</summary>
public sealed class UserStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("iot-users-test-").FullName;
    private readonly HubDatabase _database;
    private readonly UserStore _store;

    public UserStoreTests()
    {
        _database = new HubDatabase(Options.Create(new StorageOptions { DataDir = _dir }), TimeProvider.System);
        _store = new UserStore(_database, TimeProvider.System);
    }

    [Fact]
    public async Task Add_ThenVerify_GivesTheUser_WithItsRoleAndOperator()
    {
        await _store.AddAsync("lea", "operator", "OP-LIGHT", "lamp-post-42", CancellationToken.None);

        var (user, refusal) = await _store.VerifyAsync("lea", "lamp-post-42", CancellationToken.None);

        Assert.Equal(SignInRefusal.None, refusal);
        Assert.NotNull(user);
        Assert.Equal(("lea", "operator", "OP-LIGHT", false), (user.Name, user.Role, user.OperatorId, user.Disabled));
    }

    [Fact]
    public async Task Verify_RefusesAWrongPassword_AnUnknownName_AndADisabledUser()
    {
        await _store.AddAsync("marc", "technician", null, "right-password", CancellationToken.None);

        Assert.Equal((null, SignInRefusal.WrongPassword), await _store.VerifyAsync("marc", "wrong-password", CancellationToken.None));
        Assert.Equal((null, SignInRefusal.UnknownUser), await _store.VerifyAsync("nobody", "right-password", CancellationToken.None));

        Assert.Equal(SignInRefusal.None, (await _store.VerifyAsync("marc", "right-password", CancellationToken.None)).Refusal);
        Assert.True(await _store.DisableAsync("marc", CancellationToken.None));
        // Disabled after a successful check: the remembered proof must not let it in.
        Assert.Equal((null, SignInRefusal.Disabled), await _store.VerifyAsync("marc", "right-password", CancellationToken.None));
        Assert.True((await _store.FindAsync("marc", CancellationToken.None))!.Disabled);
        Assert.False(await _store.DisableAsync("nobody", CancellationToken.None));
    }

    [Fact]
    public async Task Verify_AfterASuccess_StillRefusesAWrongPassword()
    {
        await _store.AddAsync("ines", "manager", null, "first-password", CancellationToken.None);
        Assert.NotNull((await _store.VerifyAsync("ines", "first-password", CancellationToken.None)).User);

        Assert.Equal(SignInRefusal.WrongPassword, (await _store.VerifyAsync("ines", "first-passwore", CancellationToken.None)).Refusal);
        Assert.NotNull((await _store.VerifyAsync("ines", "first-password", CancellationToken.None)).User);
    }

    [Fact]
    public async Task Add_RefusesADuplicateName_RegardlessOfCase()
    {
        await _store.AddAsync("Admin2", "admin", null, "password-one", CancellationToken.None);

        var ex = await Assert.ThrowsAsync<UserRequestException>(() => _store.AddAsync("admin2", "technician", null, "password-two", CancellationToken.None));

        Assert.Equal("name", ex.Field);
        Assert.Contains("already exists", ex.Message, StringComparison.Ordinal);
        var user = Assert.Single(await _store.ListAsync(CancellationToken.None));
        Assert.Equal(("Admin2", "admin"), (user.Name, user.Role));
    }

    [Theory]
    [InlineData("bad name", "admin", null, "password-1", "name")]
    [InlineData("a:b", "admin", null, "password-1", "name")]
    [InlineData("zoe", "boss", null, "password-1", "role")]
    [InlineData("zoe", "operator", null, "password-1", "operator")]
    [InlineData("zoe", "technician", "OP-LIGHT", "password-1", "operator")]
    [InlineData("zoe", "admin", null, "short", "password")]
    public async Task Add_NamesTheWrongField_AndStoresNothing(string name, string role, string? operatorId, string password, string field)
    {
        var ex = await Assert.ThrowsAsync<UserRequestException>(() => _store.AddAsync(name, role, operatorId, password, CancellationToken.None));

        Assert.Equal(field, ex.Field);
        Assert.Empty(await _store.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Verify_UpgradesAHashMadeWithFewerIterations()
    {
        await _store.AddAsync("old", "technician", null, "placeholder-pw", CancellationToken.None);
        var salt = new byte[16];
        var derived = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2("old-password"u8, salt, 20_000, System.Security.Cryptography.HashAlgorithmName.SHA256, 32);
        await SetHashAsync("old", $"pbkdf2-sha256$20000${Convert.ToBase64String(salt)}${Convert.ToBase64String(derived)}");

        Assert.NotNull((await _store.VerifyAsync("old", "old-password", CancellationToken.None)).User);

        var stored = await StoredHashAsync("old");
        Assert.StartsWith("pbkdf2-sha256$600000$", stored, StringComparison.Ordinal);
        Assert.True(PasswordHashes.Verify("old-password", stored));
    }

    [Fact]
    public void NewPassword_IsLongAndRandom()
    {
        var a = UserStore.NewPassword();
        var b = UserStore.NewPassword();

        Assert.Matches("^[A-Za-z0-9_-]{24}$", a);
        Assert.NotEqual(a, b);
    }

    private async Task SetHashAsync(string name, string hash)
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE users SET password_hash = $h WHERE name = $n";
        command.Parameters.AddWithValue("$h", hash);
        command.Parameters.AddWithValue("$n", name);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task<string> StoredHashAsync(string name)
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT password_hash FROM users WHERE name = $n";
        command.Parameters.AddWithValue("$n", name);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose()
    {
        _database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
