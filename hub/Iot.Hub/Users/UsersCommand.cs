using System.Globalization;
using Iot.Access;
using Iot.City;
using Iot.Hub.City;
using Iot.Hub.Storage;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Users;

/// <summary>
/// <c>hub users add|list|disable</c>, on the <c>hub.db</c> the hub uses (<c>Storage:DataDir</c>). <c>add</c> prints the
/// generated password and nothing else on standard output (so a script can capture it); messages go to standard error.
/// Exit codes: 0 done, 1 refused (a field is wrong, the name is taken, no such user), 2 usage.
/// </summary>
public static class UsersCommand
{
    public const string Usage = """
        usage: Iot.Hub users add <name> --role <admin|manager|operator|technician> [--operator <id>] [--password-stdin]
                   create a user; without --password-stdin a strong password is generated and printed once
                   (--operator: required for role operator, the operator of the city it is bound to)
               Iot.Hub users list                list users: name, role, operator, created, state
               Iot.Hub users disable <name>      refuse the user's sign-ins and end its sessions
        options: --Storage:DataDir <dir>  (default: ./data, as for the hub)
                 --demo | --City:File=<city file>  (the city whose operators --operator is checked against)
        """;

    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var positional = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var rest = args[positional.Length..];
        string? role = null, operatorId = null;
        var passwordStdin = false;
        var settings = new List<string>();
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case "--role" when HasValue(rest, i):
                    role = rest[++i];
                    break;
                case "--operator" when HasValue(rest, i):
                    operatorId = rest[++i];
                    break;
                case "--password-stdin":
                    passwordStdin = true;
                    break;
                case "--role" or "--operator":
                    await stderr.WriteLineAsync($"{rest[i]} needs a value.");
                    await stderr.WriteLineAsync(Usage);
                    return 2;
                default:
                    settings.Add(rest[i]);
                    break;
            }
        }

        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(HubArguments.Normalize([.. settings]))
            .Build();
        var storage = new StorageOptions();
        configuration.GetSection(StorageOptions.SectionName).Bind(storage);
        using var database = new HubDatabase(Options.Create(storage), TimeProvider.System);
        var users = new UserStore(database, TimeProvider.System);

        switch (positional)
        {
            case ["add", var name] when role is not null:
                return await AddAsync(users, configuration, name, role, operatorId, passwordStdin, stdin, stdout, stderr, cancellationToken);
            case ["add", _]:
                await stderr.WriteLineAsync($"--role is required: one of {string.Join(", ", HubRoles.All)}.");
                return 2;
            case ["list"] when role is null && operatorId is null && !passwordStdin:
                foreach (var user in await users.ListAsync(cancellationToken))
                {
                    await stdout.WriteLineAsync(string.Join('\t',
                        user.Name, user.Role, user.OperatorId ?? "-",
                        user.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                        user.Disabled ? "disabled" : "active"));
                }

                return 0;
            case ["disable", var name] when role is null && operatorId is null && !passwordStdin:
                if (!await users.DisableAsync(name, cancellationToken))
                {
                    await stderr.WriteLineAsync($"no user named '{name}'.");
                    return 1;
                }

                await stderr.WriteLineAsync($"user '{name}' disabled: sign-ins are refused and open sessions end at their next request.");
                return 0;
            default:
                await stderr.WriteLineAsync(Usage);
                return 2;
        }
    }

    private static bool HasValue(string[] args, int i) => i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);

    private static async Task<int> AddAsync(
        UserStore users, IConfiguration configuration, string name, string role, string? operatorId, bool passwordStdin,
        TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        string password;
        if (passwordStdin)
        {
            password = (await stdin.ReadLineAsync(cancellationToken))?.TrimEnd('\r', '\n') ?? "";
        }
        else
        {
            password = UserStore.NewPassword();
        }

        try
        {
            UserStore.Validate(name, role, operatorId, password);
            if (operatorId is not null && await CheckOperatorAsync(configuration, operatorId, stderr) is { } refused)
            {
                return refused;
            }

            await users.AddAsync(name, role, operatorId, password, cancellationToken);
        }
        catch (UserRequestException ex)
        {
            await stderr.WriteLineAsync(ex.Field == "password" && passwordStdin ? $"the password read from standard input: {ex.Message}" : ex.Message);
            return 1;
        }

        if (!passwordStdin)
        {
            await stdout.WriteLineAsync(password);
        }

        await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"user '{name}' ({role}{(operatorId is null ? "" : " of " + operatorId)}) created in {users.FilePath}{(passwordStdin ? "" : "; the password is shown only this once")}"));
        return 0;
    }

    /// <summary>The operator must be one of the city's; the city is the hub's (<c>City:File</c> or <c>--demo</c>).</summary>
    private static async Task<int?> CheckOperatorAsync(IConfiguration configuration, string operatorId, TextWriter stderr)
    {
        var cityOptions = new CityOptions();
        configuration.GetSection(CityOptions.SectionName).Bind(cityOptions);
        var path = CityExtensions.CityFilePath(cityOptions);
        if (path is null)
        {
            await stderr.WriteLineAsync("--operator is checked against the city's operators: give the city file (--City:File=<path>) or --demo.");
            return 2;
        }

        CityModel city;
        try
        {
            city = CityLoader.Load(path);
        }
        catch (Exception ex) when (ex is CityFileException or IOException)
        {
            await stderr.WriteLineAsync(ex.Message);
            return 1;
        }

        if (city.Operators.All(o => o.Id != operatorId))
        {
            await stderr.WriteLineAsync($"operator '{operatorId}' is not an operator of {path}; its operators are: {string.Join(", ", city.Operators.Select(o => o.Id))}.");
            return 1;
        }

        return null;
    }
}
