using Iot.Dashboard.Reports;
using Iot.Hub.City;
using Iot.Hub.Open311.Internal;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Open311;

/// <summary>Registers and maps Open311 GeoReport v2 (<c>/open311/v2/</c>) and the service behind the public report page.</summary>
internal static class Open311Extensions
{
    public static IServiceCollection AddOpen311(this IServiceCollection services)
    {
        services.AddOptions<Open311Options>()
            .BindConfiguration(Open311Options.SectionName)
            .PostConfigure<IOptions<CityOptions>>((options, city) =>
            {
                // --demo: a documented key, so the demo can be tried with curl at once.
                if (city.Value.Demo && options.ApiKeys.TrueForAll(k => k.Key != Open311Options.DemoApiKey))
                {
                    options.ApiKeys.Add(new Open311ApiKey { Name = "demo", Key = Open311Options.DemoApiKey });
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<Open311Options>, Open311OptionsValidator>();
        services.AddSingleton<ApiKeyRing>();
        services.AddSingleton<ServiceRequestStore>();
        services.AddSingleton<ICitizenReports>(sp => sp.GetRequiredService<ServiceRequestStore>());
        services.AddSingleton<TicketFollower>();
        services.AddHostedService(sp => sp.GetRequiredService<TicketFollower>());
        services.AddHostedService<Open311Notice>();
        services.AddSingleton<CitizenReportService>();
        services.AddSingleton<ICitizenReportDesk, PublicReportDesk>();
        services.AddHttpContextAccessor(); // the public page reads its reporter's address for the rate limit
        services.AddRateLimiter(options =>
        {
            options.AddPolicy<string, Open311PostRateLimitPolicy>(Open311RateLimitPolicy.PostPolicy);
            options.AddPolicy<string, Open311GetRateLimitPolicy>(Open311RateLimitPolicy.GetPolicy);
        });
        return services;
    }

    public static IEndpointRouteBuilder MapOpen311(this WebApplication app)
    {
        // The limiter runs on endpoints that ask for a policy (only Open311's, so far); UseRateLimiter must be called once.
        app.UseRateLimiter();
        return app.MapOpen311Routes();
    }
}
