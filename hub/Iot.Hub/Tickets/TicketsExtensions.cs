using Iot.Hub.Internal;

namespace Iot.Hub.Tickets;

public static class TicketsExtensions
{
    /// <summary>
    /// Tickets: <c>Tickets:*</c> options, the store (hub.db), the router and the ticket service (a hosted loop). What
    /// raises problems into it and who hears its changes is wired in <see cref="HubFlow"/>.
    /// </summary>
    public static IServiceCollection AddTickets(this IServiceCollection services)
    {
        services.AddOptions<TicketOptions>().BindConfiguration(TicketOptions.SectionName).ValidateSection(TicketOptions.SectionName)
            .Validate(o => o.RuleHoldDownSeconds.Values.All(v => v is >= 0 and <= 86_400), "Tickets:RuleHoldDownSeconds: each value must be between 0 and 86400 seconds.")
            .ValidateOnStart();
        services.AddSingleton<TicketStore>();
        services.AddSingleton<TicketRouter>();
        services.AddSingleton<TicketService>();
        services.AddHostedService(sp => sp.GetRequiredService<TicketService>());
        services.AddSingleton<ITicketDirectory>(sp => sp.GetRequiredService<TicketService>());
        return services;
    }
}
