namespace Iot.Hub.Dashboard;

internal static class DashboardEndpoints
{
    /// <summary>The start page. The Blazor dashboard (map, tickets) is a later issue; until then "/" is a status page.</summary>
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Content(StartPage.Html, "text/html; charset=utf-8")).ExcludeFromDescription();
        return app;
    }
}
