using Iot.Access;
using Iot.City;
using Iot.Hub.City;
using Iot.Hub.Devices;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Users;

/// <summary>
/// With <c>--demo</c> (and <c>Users:CreateDemoUsers</c>, on by default), creates at start the users that are absent:
/// one per role with a fixed password, and one <c>operator</c> user per operator of the city, bound to it. Their
/// passwords are published in the README: they are for trying the demo, never for a real deployment.
/// </summary>
internal sealed partial class DemoUsers(
    UserStore users, DeviceRegistry registry, IOptions<CityOptions> city, IOptions<UsersOptions> options, ILogger<DemoUsers> logger)
    : IHostedService
{
    /// <summary>The demo users of <paramref name="city"/>: name, role, operator, password (the name followed by <c>-demo</c>).</summary>
    public static IReadOnlyList<(string Name, string Role, string? OperatorId, string Password)> For(CityModel city)
    {
        ArgumentNullException.ThrowIfNull(city);
        var list = new List<(string, string, string?, string)>
        {
            ("admin", HubRoles.Admin, null, "admin-demo"),
            ("manager", HubRoles.Manager, null, "manager-demo"),
            ("technician", HubRoles.Technician, null, "technician-demo"),
        };
        foreach (var op in city.Operators)
        {
            var name = op.Id.ToLowerInvariant();
            list.Add((name, HubRoles.Operator, op.Id, name + "-demo"));
        }

        return list;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!city.Value.Demo || !options.Value.CreateDemoUsers)
        {
            return;
        }

        foreach (var (name, role, operatorId, password) in For(registry.City))
        {
            if (await users.FindAsync(name, cancellationToken) is not null)
            {
                continue;
            }

            try
            {
                await users.AddAsync(name, role, operatorId, password, cancellationToken);
                Created(logger, name, role, operatorId ?? "-");
            }
            catch (UserRequestException ex) when (ex.Field == "name")
            {
                // Created by someone else between the look-up and the insert: it exists, which is all we want.
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(1601, LogLevel.Information, "Demo user {Name} created (role {Role}, operator {OperatorId}); its password is in the README — demo only")]
    private static partial void Created(ILogger logger, string name, string role, string operatorId);
}
