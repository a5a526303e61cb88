using Iot.Hub.Indicators.Internal;
using Iot.Hub.Indicators.Reports;
using Iot.Hub.Ingest;
using Iot.Hub.Internal;
using Iot.Hub.Tickets;
using Quartz;

namespace Iot.Hub.Indicators;

public static class IndicatorsExtensions
{
    /// <summary>
    /// Service-quality indicators: the state recorder (an ingest and ticket observer), the indicator service, the nightly
    /// roll-up and the monthly reports (Quartz.NET jobs in each commune's time zone), <c>Indicators:*</c> options.
    /// </summary>
    public static IServiceCollection AddIndicators(this IServiceCollection services)
    {
        services.AddOptions<IndicatorsOptions>().BindConfiguration(IndicatorsOptions.SectionName)
            .ValidateSection(IndicatorsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<StateHistoryStore>();
        services.AddSingleton<StateRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<StateRecorder>());
        services.AddSingleton<IIngestObserver>(sp => sp.GetRequiredService<StateRecorder>());
        services.AddSingleton<ITicketObserver>(sp => sp.GetRequiredService<StateRecorder>());
        services.AddSingleton<IndicatorService>();
        services.AddSingleton<MonthlyReports>();
        services.AddQuartz();
        services.AddTransient<IndicatorRollupJob>();
        services.AddTransient<MonthlyReportJob>();
        services.AddHostedService<IndicatorSchedule>();
        return services;
    }

    public static WebApplication MapIndicators(this WebApplication app)
    {
        app.MapIndicatorsApi();
        app.MapReportsApi();
        return app;
    }
}
