using Iot.Hub.Agents;
using Iot.Hub.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Iot.Hub.Tests.Agents;

public sealed class AgentsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("iot-agents-test-").FullName;

    [Fact]
    public async Task Add_PrintsOnlyTheSecretOnStdout_AndTheSecretVerifies()
    {
        var (code, stdout, stderr) = await RunAsync("add", "CAB-001");

        Assert.Equal(0, code);
        var secret = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("^[A-Za-z0-9_-]{32}$", secret);
        Assert.Contains("CAB-001", stderr, StringComparison.Ordinal);
        Assert.True(await Store().VerifyAsync("CAB-001", System.Text.Encoding.UTF8.GetBytes(secret), CancellationToken.None));
        Assert.False(await Store().VerifyAsync("CAB-001", "wrong"u8.ToArray(), CancellationToken.None));
    }

    [Fact]
    public async Task Add_Twice_SecondRefusedWithExitCode1AndNothingOnStdout()
    {
        await RunAsync("add", "CAB-001");
        var (code, stdout, stderr) = await RunAsync("add", "CAB-001");

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Contains("reset-secret", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetSecret_OldSecretStopsWorking_NewOneWorks()
    {
        var old = (await RunAsync("add", "CAB-001")).Stdout.Trim();
        var (code, stdout, _) = await RunAsync("reset-secret", "CAB-001");
        var fresh = stdout.Trim();

        Assert.Equal(0, code);
        Assert.NotEqual(old, fresh);
        Assert.False(await Store().VerifyAsync("CAB-001", System.Text.Encoding.UTF8.GetBytes(old), CancellationToken.None));
        Assert.True(await Store().VerifyAsync("CAB-001", System.Text.Encoding.UTF8.GetBytes(fresh), CancellationToken.None));
    }

    [Fact]
    public async Task ResetSecret_UnknownAgent_Exit1()
    {
        var (code, stdout, stderr) = await RunAsync("reset-secret", "CAB-404");
        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Contains("agents add CAB-404", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("add")]
    [InlineData("frobnicate", "x")]
    [InlineData("add", "bad/id")]
    public async Task BadUsage_Exit2WithUsageOnStderr(params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(args);
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.NotEmpty(stderr);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private AgentCredentialStore Store() =>
        new(new HubDatabase(Options.Create(new StorageOptions { DataDir = _dir }), new FakeTimeProvider()), new FakeTimeProvider());

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await AgentsCommand.RunAsync([.. args, $"--Storage:DataDir={_dir}"], stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
