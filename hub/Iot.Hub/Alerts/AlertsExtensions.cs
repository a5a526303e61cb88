using Iot.Hub.Alerts.Internal;
using Iot.Hub.Ingest;
using Iot.Hub.Tickets;
using Microsoft.Extensions.Options;
using Quartz;

namespace Iot.Hub.Alerts;

public static class AlertsExtensions
{
    /// <summary>
    /// Alerts: subscriptions from <c>Alerts:*</c> (checked at start), the outbox dispatcher, the ticket observer and the
    /// Quartz.NET scheduler of reminders and escalation.
    /// </summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AlertsOptions>()
            .Bind(configuration.GetSection(AlertsOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertsOptions>, AlertsOptionsValidator>();
        services.AddSingleton<AlertOutbox>();
        services.AddSingleton<AlertDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertDispatcher>());
        services.AddSingleton<AlertService>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertService>());
        services.AddSingleton<ITicketObserver>(sp => sp.GetRequiredService<AlertService>());
        services.AddSingleton<IMqttSubscriberAccounts, OperatorMqttAccounts>();

        services.AddQuartz();
        services.AddQuartzHostedService(q => q.WaitForJobsToComplete = false);
        services.AddTransient<AlertReminderJob>();
        services.AddSingleton<IReminderScheduler, QuartzReminderScheduler>();
        return services;
    }

    public static IEndpointRouteBuilder MapAlerts(this WebApplication app)
    {
        AlertsEndpoints.MapAlerts(app);
        return app;
    }
}
