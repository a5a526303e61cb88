using Iot.Dashboard;
using Iot.Dashboard.Assets;
using Iot.Dashboard.Devices;
using Iot.Dashboard.Indicators;
using Iot.Dashboard.Live;
using Iot.Dashboard.Tickets;

namespace Iot.Hub.Dashboard;

/// <summary>Hosts the Blazor dashboard (dashboard/Iot.Dashboard) over the hub's in-memory state.</summary>
internal static class DashboardExtensions
{
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        // Serves the dashboard library's static assets (_content/...) from a build output too, not only from a publish.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddDashboardUi();
        builder.Services.AddSingleton<TicketMarks>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TicketMarks>());
        builder.Services.AddSingleton<ILiveAssetSource, HubLiveAssetSource>();
        // The pages' reads and actions, in-process over the hub's services, scoped by the viewer on the server.
        builder.Services.AddSingleton<HubTicketsView>();
        builder.Services.AddSingleton<ITicketsView>(sp => sp.GetRequiredService<HubTicketsView>());
        builder.Services.AddSingleton<IDevicesView, HubDevicesView>();
        builder.Services.AddSingleton<IAssetHistory, HubAssetHistory>();
        builder.Services.AddSingleton<IDeviceCommands, HubDeviceCommands>();
        builder.Services.AddSingleton<IIndicatorSource, HubIndicatorSource>();
        return builder;
    }

    /// <summary>The dashboard at <c>/</c>; the former start page (hub status from the REST API) at <c>/status</c>.</summary>
    public static IEndpointRouteBuilder MapDashboard(this WebApplication app)
    {
        app.MapGet("/status", () => Results.Content(StartPage.Html, "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapDashboardUi();
        return app;
    }
}
