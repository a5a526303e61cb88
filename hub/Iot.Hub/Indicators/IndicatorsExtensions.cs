using Iot.Hub.Indicators.Internal;
using Iot.Hub.Indicators.Reports;
using Iot.Hub.Internal;

namespace Iot.Hub.Indicators;

public static class IndicatorsExtensions
{
    /// <summary>
    /// Service-quality indicators: the state recorder (an ingest and ticket observer, wired in <see cref="HubFlow"/>), the indicator service, the nightly
    /// roll-up and the monthly reports (Quartz.NET jobs in each commune's time zone), <c>Indicators:*</c> options.
    /// </summary>
    public static IServiceCollection AddIndicators(this IServiceCollection services)
    {
        services.AddOptions<IndicatorsOptions>().BindConfiguration(IndicatorsOptions.SectionName)
            .ValidateSection(IndicatorsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<StateHistoryStore>();
        services.AddSingleton<StateRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<StateRecorder>());
        services.AddSingleton<IndicatorService>();
        services.AddSingleton<MonthlyReports>();
        services.AddTransient<IndicatorRollupJob>();
        services.AddTransient<MonthlyReportJob>();
        services.AddHostedService<IndicatorSchedule>();
        return services;
    }

    public static IEndpointRouteBuilder MapIndicators(this WebApplication app)
    {
        app.MapIndicatorsApi();
        app.MapReportsApi();
        return app;
    }
}
