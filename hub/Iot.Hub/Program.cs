using Iot.Hub;
using Iot.Hub.Agents;
using Iot.Hub.Health;
using Iot.Hub.Users;

if (args is ["agents", ..])
{
    return await AgentsCommand.RunAsync(args[1..], Console.Out, Console.Error, CancellationToken.None);
}

if (args is ["users", ..])
{
    return await UsersCommand.RunAsync(args[1..], Console.In, Console.Out, Console.Error, CancellationToken.None);
}

if (args is ["healthcheck", ..])
{
    return await HealthProbe.RunAsync(args[1..], Console.Out, Console.Error, CancellationToken.None);
}

await using var app = HubApplication.Create(args);
await app.RunAsync();
return 0;
