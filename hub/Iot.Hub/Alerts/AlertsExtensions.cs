using Iot.Hub.Alerts.Internal;
using Iot.Hub.Ingest;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Alerts;

public static class AlertsExtensions
{
    /// <summary>
    /// Alerts: subscriptions from <c>Alerts:*</c> (checked at start), the outbox dispatcher, the alert service (a ticket
    /// observer, wired in <see cref="HubFlow"/>) and its reminders and escalation as Quartz.NET jobs (the scheduler itself
    /// is <c>AddScheduling</c> in <see cref="HubApplication"/>).
    /// </summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddOptions<AlertsOptions>()
            .BindConfiguration(AlertsOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertsOptions>, AlertsOptionsValidator>();
        services.AddSingleton<AlertOutbox>();
        services.AddSingleton<AlertDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertDispatcher>());
        services.AddSingleton<AlertService>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertService>());
        services.AddSingleton<IMqttSubscriberAccounts, OperatorMqttAccounts>();
        services.AddTransient<AlertReminderJob>();
        services.AddSingleton<IReminderScheduler, QuartzReminderScheduler>();
        return services;
    }
}
