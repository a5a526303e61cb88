using Iot.Edge;
using Iot.Edge.Agent;
using Iot.Edge.Configuration;
using Iot.Edge.Drivers;
using Iot.Edge.Drivers.Nmea;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Exit codes: see EdgeCommandLine.Usage (0 clean stop, 1 runtime failure, 2 usage or configuration error).
var commandLine = EdgeCommandLine.Parse(args, Console.Error, Environment.GetEnvironmentVariable("IOT_EDGE_CONFIG"));
if (commandLine is null)
{
    await Console.Error.WriteLineAsync(EdgeCommandLine.Usage);
    return EdgeCommandLine.ExitUsage;
}

switch (commandLine.Command)
{
    case "help":
        Console.WriteLine(EdgeCommandLine.Usage);
        return EdgeCommandLine.ExitOk;
    case "nmea-replay":
        using (var stop = new CancellationTokenSource())
        {
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
            return await NmeaReplay.RunAsync(commandLine.Path!, Console.Out, Console.Error, stop.Token);
        }
}

AgentConfig config;
try
{
    config = AgentConfigLoader.LoadFile(commandLine.Path!);
}
catch (EdgeConfigException ex)
{
    await Console.Error.WriteLineAsync($"Invalid agent configuration ({commandLine.Path}):{Environment.NewLine}{ex.Message}");
    return EdgeCommandLine.ExitUsage;
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddSerialDrivers();
builder.Services.AddEdgeAgent(config);
using var host = builder.Build();
try
{
    // Builds the drivers and opens the data directory now, so a bad device section fails the start with exit 2.
    host.Services.GetRequiredService<EdgeAgentService>();
}
catch (EdgeConfigException ex)
{
    await Console.Error.WriteLineAsync($"Invalid agent configuration ({commandLine.Path}):{Environment.NewLine}{ex.Message}");
    return EdgeCommandLine.ExitUsage;
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
{
    await Console.Error.WriteLineAsync($"Cannot use the data directory {config.DataDirectory}: {ex.Message}");
    return EdgeCommandLine.ExitFailure;
}

await host.RunAsync();
return EdgeCommandLine.ExitOk;
