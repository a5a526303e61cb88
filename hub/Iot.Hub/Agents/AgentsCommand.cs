using Iot.Hub.Storage;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Agents;

/// <summary>
/// <c>hub agents add|reset-secret|list|export-mosquitto</c>. The new secret is the only thing written to standard output, so it can be
/// captured by a script; everything else goes to standard error. Exit codes: 0 done, 1 refused, 2 usage.
/// </summary>
public static class AgentsCommand
{
    public const string Usage = """
        usage: Iot.Hub agents add <agentId>            create credentials, print the secret once
               Iot.Hub agents reset-secret <agentId>   replace the secret, print the new one once
               Iot.Hub agents list                      list agents that have credentials
               Iot.Hub agents export-mosquitto <dir>    write mosquitto's passwd and acl files for the city's agents
                   [--demo | --City:File=<city file>] [--hub-user=hub] [--hub-password=<password>]
                   (without --hub-password, the hub line of <dir>/passwd is kept, or a password is generated and printed)
        options: --Storage:DataDir <dir>  (default: ./data, as for the hub)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var positional = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(HubArguments.Normalize(args[positional.Length..]))
            .Build();
        var storage = new StorageOptions();
        configuration.GetSection(StorageOptions.SectionName).Bind(storage);
        var credentials = new AgentCredentialStore(new HubDatabase(Options.Create(storage), TimeProvider.System), TimeProvider.System);

        switch (positional)
        {
            case ["add", var id]:
                return await Run(id, () => credentials.AddAsync(id, cancellationToken), $"agent '{id}' already has credentials; use 'agents reset-secret {id}' to replace them", stdout, stderr, storage);
            case ["reset-secret", var id]:
                return await Run(id, () => credentials.ResetAsync(id, cancellationToken), $"agent '{id}' has no credentials; use 'agents add {id}' first", stdout, stderr, storage);
            case ["export-mosquitto", var directory]:
                return await ExportMosquittoCommand.RunAsync(directory, configuration, credentials, TimeProvider.System, stdout, stderr, cancellationToken);
            case ["list"]:
                foreach (var agent in await credentials.ListAsync(cancellationToken))
                {
                    await stdout.WriteLineAsync(agent);
                }

                return 0;
            default:
                await stderr.WriteLineAsync(Usage);
                return 2;
        }
    }

    private static async Task<int> Run(string id, Func<Task<string?>> action, string refusal, TextWriter stdout, TextWriter stderr, StorageOptions storage)
    {
        string? secret;
        try
        {
            secret = await action();
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync(ex.Message);
            return 2;
        }

        if (secret is null)
        {
            await stderr.WriteLineAsync(refusal);
            return 1;
        }

        await stdout.WriteLineAsync(secret);
        await stderr.WriteLineAsync($"secret for agent '{id}' stored (hashed) in {Path.Combine(storage.FullDataDir, "hub.db")}; it is shown only this once");
        return 0;
    }
}
