using Iot.Hub.Storage;
using Iot.Hub.Users;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Tests.Users;

/// <summary><c>Iot.Hub users add|list|disable</c> against a real hub.db in a temp directory.</summary>
public sealed class UsersCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("iot-users-cli-").FullName;

    [Fact]
    public async Task Add_PrintsOnlyAGeneratedPasswordOnStdout_AndThatPasswordSignsIn()
    {
        var (code, stdout, stderr) = await RunAsync(null, "add", "alice", "--role", "technician");

        Assert.Equal(0, code);
        var password = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("^[A-Za-z0-9_-]{24}$", password);
        Assert.Contains("alice", stderr, StringComparison.Ordinal);
        var (user, _) = await Store().VerifyAsync("alice", password, CancellationToken.None);
        Assert.Equal("technician", user?.Role);
        Assert.Null((await Store().VerifyAsync("alice", password + "x", CancellationToken.None)).User);
    }

    [Fact]
    public async Task Add_WithPasswordStdin_UsesThatPassword_AndPrintsNothing()
    {
        var (code, stdout, _) = await RunAsync("my-chosen-password\n", "add", "lea", "--role", "operator", "--operator", "OP-WASTE", "--demo", "--password-stdin");

        Assert.Equal(0, code);
        Assert.Empty(stdout);
        var (user, _) = await Store().VerifyAsync("lea", "my-chosen-password", CancellationToken.None);
        Assert.Equal(("operator", "OP-WASTE"), (user?.Role, user?.OperatorId));
    }

    [Theory]
    [InlineData("role 'boss' is not one of admin, manager, operator, technician", "add", "bob", "--role", "boss")]
    [InlineData("role operator needs --operator", "add", "bob", "--role", "operator", "--demo")]
    [InlineData("--operator applies to role operator only, not to manager", "add", "bob", "--role", "manager", "--operator", "OP-LIGHT", "--demo")]
    [InlineData("operator 'OP-NOPE' is not an operator of", "add", "bob", "--role", "operator", "--operator", "OP-NOPE", "--demo")]
    [InlineData("user name 'bad name!' is not valid", "add", "bad name!", "--role", "admin")]
    public async Task Add_Refused_NamesWhatIsWrong_ExitsNonZero_AndCreatesNobody(string message, params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(null, args);

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Empty(await Store().ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Add_AnOperatorWithoutACity_AsksForTheCityFile()
    {
        var (code, stdout, stderr) = await RunAsync(null, "add", "bob", "--role", "operator", "--operator", "OP-LIGHT");

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains("City:File", stderr, StringComparison.Ordinal);
        Assert.Empty(await Store().ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Add_ADuplicateName_IsRefused_AndTheFirstUserKeepsItsPassword()
    {
        var first = (await RunAsync(null, "add", "carla", "--role", "admin")).Stdout.Trim();

        var (code, stdout, stderr) = await RunAsync(null, "add", "CARLA", "--role", "technician");

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Contains("already exists", stderr, StringComparison.Ordinal);
        Assert.Equal("admin", (await Store().VerifyAsync("carla", first, CancellationToken.None)).User?.Role);
    }

    [Fact]
    public async Task Add_AShortPasswordOnStdin_IsRefused()
    {
        var (code, _, stderr) = await RunAsync("short\n", "add", "dan", "--role", "admin", "--password-stdin");

        Assert.Equal(1, code);
        Assert.Contains("8 to 1024 characters", stderr, StringComparison.Ordinal);
        Assert.Empty(await Store().ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task List_ShowsEveryUser_AndDisable_StopsItsSignIn()
    {
        var password = (await RunAsync(null, "add", "eve", "--role", "manager")).Stdout.Trim();
        await RunAsync(null, "add", "op1", "--role", "operator", "--operator", "OP-BUS", "--demo");

        var (code, _, stderr) = await RunAsync(null, "disable", "eve");
        Assert.Equal(0, code);
        Assert.Contains("disabled", stderr, StringComparison.Ordinal);

        var lines = (await RunAsync(null, "list")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^eve\tmanager\t-\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\tdisabled$", lines[0]);
        Assert.Matches(@"^op1\toperator\tOP-BUS\t.*\tactive$", lines[1]);
        Assert.Equal(SignInRefusal.Disabled, (await Store().VerifyAsync("eve", password, CancellationToken.None)).Refusal);
    }

    [Fact]
    public async Task Disable_AnUnknownUser_Exit1()
    {
        var (code, stdout, stderr) = await RunAsync(null, "disable", "ghost");

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Contains("no user named 'ghost'", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("add", "frank")]
    [InlineData("frobnicate")]
    [InlineData("add", "frank", "--role")]
    public async Task BadUsage_Exit2WithTheUsageOnStderr(params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(null, args);

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.NotEmpty(stderr);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private UserStore Store() => new(new HubDatabase(Options.Create(new StorageOptions { DataDir = _dir }), TimeProvider.System), TimeProvider.System);

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(string? stdin, params string[] args)
    {
        using var input = new StringReader(stdin ?? "");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await UsersCommand.RunAsync([.. args, $"--Storage:DataDir={_dir}"], input, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
