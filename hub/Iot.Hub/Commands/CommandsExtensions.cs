namespace Iot.Hub.Commands;

public static class CommandsExtensions
{
    /// <summary>Commands to devices; the command service hears their acknowledgements as an ingest observer (see <see cref="HubFlow"/>).</summary>
    public static IServiceCollection AddCommands(this IServiceCollection services)
    {
        services.AddSingleton<CommandService>();
        return services;
    }
}
