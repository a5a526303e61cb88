using Iot.Edge.Agent;
using Iot.Edge.Configuration;
using Iot.Edge.Drivers;
using Iot.Edge.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Iot.Edge.Tests;

/// <summary>
/// The test executable's entry point. <c>edge-agent-child CONFIG</c> runs an edge agent exactly as the agent program
/// does (the real loader, host and <see cref="EdgeAgentService"/>) with the <see cref="CountingDriverFactory"/>, in a
/// process a test can SIGKILL (<see cref="AgentProcess"/>); anything else goes to xUnit as the generated entry point would.
/// </summary>
internal static class TestEntryPoint
{
    public const string ChildCommand = "edge-agent-child";

    public static int Main(string[] args)
    {
        if (args.Length == 2 && args[0] == ChildCommand)
        {
            return RunAgent(args[1]);
        }

        if (args.Any(arg => arg is "--server" or "--internal-msbuild-node"))
        {
            return Xunit.MicrosoftTestingPlatform.TestPlatformTestFramework.RunAsync(args, SelfRegisteredExtensions.AddSelfRegisteredExtensions).GetAwaiter().GetResult();
        }

        return Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args).GetAwaiter().GetResult();
    }

    private static int RunAgent(string configFile)
    {
        AgentConfig config;
        try
        {
            config = AgentConfigLoader.LoadFile(configFile);
        }
        catch (EdgeConfigException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSingleton<IDriverFactory, CountingDriverFactory>();
        builder.Services.AddEdgeAgent(config);
        using var host = builder.Build();
        host.Run();
        return 0;
    }
}
