using Iot.Hub.Alerts;
using Iot.Hub.City;
using Iot.Hub.Commands;
using Iot.Hub.Dashboard;
using Iot.Hub.Detection;
using Iot.Hub.Devices;
using Iot.Hub.Health;
using Iot.Hub.Indicators;
using Iot.Hub.Ingest;
using Iot.Hub.Open311;
using Iot.Hub.Storage;
using Iot.Hub.Tickets;
using Iot.Hub.Users;
using Quartz;

namespace Iot.Hub;

/// <summary>Builds the hub: the table of contents of its features.</summary>
public static class HubApplication
{
    /// <param name="args">Command-line arguments (configuration overrides, <c>--demo</c>).</param>
    /// <param name="configureServices">Test seam: replace or decorate services after the hub's own registrations.</param>
    public static WebApplication Create(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = HubArguments.Normalize(args),
            // The hub's name, not the entry assembly's (a test host), locates its static web assets manifest.
            ApplicationName = typeof(HubApplication).Assembly.GetName().Name,
            // appsettings.json sits beside the binaries; `dotnet run --project hub/Iot.Hub` runs from elsewhere.
            ContentRootPath = AppContext.BaseDirectory,
        });

        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddCity();
        builder.Services.AddStorage();
        builder.Services.AddIngest();
        builder.Services.AddCommands();
        builder.Services.AddTickets();
        builder.Services.AddDetection();
        builder.Services.AddHubHealth();
        builder.Services.AddSimulation();
        builder.Services.AddAlerts();
        builder.Services.AddScheduling(); // here, not first: its hosted service starts after the alerts', as it always has
        builder.Services.AddOpen311();
        builder.Services.AddIndicators();
        builder.AddDashboard();
        builder.Services.AddUsers(); // after the dashboard: replaces the circuit's authentication state provider
        builder.Services.AddHubFlow(); // who hears what: ingest → rules → tickets → alerts, indicators, Open311, pages
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi().AllowAnonymous();
        app.MapUsers();
        app.MapHubHealth();
        app.MapDevices();
        app.MapCommands();
        app.MapTickets();
        app.MapIngest();
        app.MapAlerts();
        app.MapOpen311();
        app.MapIndicators();
        app.MapDashboard();
        return app;
    }

    /// <summary>One Quartz.NET scheduler for the features' jobs: alert reminders, indicator roll-ups, monthly reports.</summary>
    private static IServiceCollection AddScheduling(this IServiceCollection services)
    {
        services.AddQuartz();
        services.AddQuartzHostedService(q => q.WaitForJobsToComplete = false);
        return services;
    }
}
