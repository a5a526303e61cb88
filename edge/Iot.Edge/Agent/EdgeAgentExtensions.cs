using Iot.Edge.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Iot.Edge.Agent;

public static class EdgeAgentExtensions
{
    /// <summary>The agent of <paramref name="config"/>: its service (also resolvable as <see cref="EdgeAgentService"/>) and the system clock.</summary>
    public static IServiceCollection AddEdgeAgent(this IServiceCollection services, AgentConfig config)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(config);
        services.AddSingleton<EdgeAgentService>();
        services.AddHostedService(sp => sp.GetRequiredService<EdgeAgentService>());
        return services;
    }
}
