using Iot.Hub;
using Iot.Hub.Agents;

if (args is ["agents", ..])
{
    return await AgentsCommand.RunAsync(args[1..], Console.Out, Console.Error, CancellationToken.None);
}

await using var app = HubApplication.Create(args);
await app.RunAsync();
return 0;
