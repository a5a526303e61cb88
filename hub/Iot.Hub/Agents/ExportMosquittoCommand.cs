using System.Globalization;
using Iot.City;
using Iot.Contracts;
using Iot.Hub.City;
using Iot.Hub.Devices;

namespace Iot.Hub.Agents;

/// <summary>
/// <c>hub agents export-mosquitto &lt;dir&gt;</c>: writes mosquitto's <c>passwd</c> and <c>acl</c> files for the agents of the
/// city (loaded as the hub loads it: <c>City:File</c> or <c>--demo</c>) that have credentials, plus an account for the hub.
/// Agents' passwords are the secrets <c>agents add</c> printed (their mosquitto hash is stored beside the hub's own), so
/// nothing secret is needed here and existing agents keep working. The hub's password: <c>--hub-password</c>, else the
/// hub line already in <c>&lt;dir&gt;/passwd</c> is kept, else a new one is generated and printed once on standard output.
/// </summary>
internal static class ExportMosquittoCommand
{
    public const string DefaultHubUser = "hub";

    public static async Task<int> RunAsync(
        string directory, IConfiguration configuration, AgentCredentialStore credentials, TimeProvider time, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var cityOptions = new CityOptions();
        configuration.GetSection(CityOptions.SectionName).Bind(cityOptions);
        var cityPath = CityExtensions.CityFilePath(cityOptions);
        if (cityPath is null)
        {
            await stderr.WriteLineAsync("City:File is required: the city file the hub loads (--City:File=<path>), or --demo for the demo commune.");
            return 2;
        }

        var hubUser = configuration["hub-user"] ?? DefaultHubUser;
        if (!Topics.IsDeviceId(hubUser))
        {
            await stderr.WriteLineAsync($"--hub-user '{hubUser}' must match [A-Za-z0-9_-]{{1,64}}.");
            return 2;
        }

        DeviceRegistry registry;
        try
        {
            registry = new DeviceRegistry(CityLoader.Load(cityPath));
        }
        catch (Exception ex) when (ex is CityFileException or IOException)
        {
            await stderr.WriteLineAsync(ex.Message);
            return 1;
        }

        if (registry.FindAgent(hubUser) is not null)
        {
            await stderr.WriteLineAsync($"--hub-user '{hubUser}' is also an agent of the city; choose another name for the hub's account.");
            return 2;
        }

        var passwdPath = Path.Combine(directory, "passwd");
        var aclPath = Path.Combine(directory, "acl");
        var (hubHash, generated) = await HubPasswordAsync(configuration["hub-password"], hubUser, passwdPath, cancellationToken);

        var accounts = new List<(string User, string Hash)> { (hubUser, hubHash) };
        var exported = new List<string>();
        foreach (var credential in await credentials.ListMosquittoCredentialsAsync(cancellationToken))
        {
            if (registry.FindAgent(credential.AgentId) is null)
            {
                await stderr.WriteLineAsync($"skipped '{credential.AgentId}': it has credentials but is not an agent of {cityPath}");
            }
            else if (credential.PasswordHash is null)
            {
                await stderr.WriteLineAsync($"skipped '{credential.AgentId}': its secret predates mosquitto export; 'agents reset-secret {credential.AgentId}' gives it one that works with both brokers");
            }
            else
            {
                accounts.Add((credential.AgentId, credential.PasswordHash));
                exported.Add(credential.AgentId);
            }
        }

        var header = string.Create(CultureInfo.InvariantCulture, $"""
            Written by `Iot.Hub agents export-mosquitto` from {cityPath} on {time.GetUtcNow():yyyy-MM-dd HH:mm:ss}Z.
            Do not edit by hand: add agents with `agents add`, then export again. mosquitto reads it at start and on SIGHUP.
            """);
        Directory.CreateDirectory(directory);
        await WriteAtomicallyAsync(passwdPath, MosquittoFiles.Passwd(accounts), cancellationToken);
        await WriteAtomicallyAsync(aclPath, MosquittoFiles.Acl(registry, hubUser, exported, header), cancellationToken);

        if (generated is not null)
        {
            await stdout.WriteLineAsync(generated);
            await stderr.WriteLineAsync($"generated a password for the hub's account '{hubUser}' (printed on standard output, shown only this once): give it to the hub as Mqtt:Password");
        }

        var missing = registry.Agents.Count(a => !exported.Contains(a.Id, StringComparer.Ordinal));
        await stderr.WriteLineAsync($"wrote {passwdPath} ({exported.Count} agents + the hub's account '{hubUser}') and {aclPath}");
        if (missing > 0)
        {
            await stderr.WriteLineAsync($"{missing} agents of the city have no credentials yet ('agents add <agentId>'); they cannot connect until they do and you export again");
        }

        return 0;
    }

    private static async Task<(string Hash, string? Generated)> HubPasswordAsync(string? given, string hubUser, string passwdPath, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(given))
        {
            return (MosquittoPasswords.Hash(given), null);
        }

        if (File.Exists(passwdPath) && MosquittoFiles.FindHash(await File.ReadAllTextAsync(passwdPath, cancellationToken), hubUser) is { } kept)
        {
            return (kept, null);
        }

        var password = AgentSecrets.NewSecret();
        return (MosquittoPasswords.Hash(password), password);
    }

    /// <summary>Writes beside the target and renames, so mosquitto never reads half a file. Owner-only on Unix.</summary>
    private static async Task WriteAtomicallyAsync(string path, string text, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temporary, options))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(text.AsMemory(), cancellationToken);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
