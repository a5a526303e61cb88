using Iot.Dashboard.Components;
using Iot.Dashboard.Formatting;
using Iot.Dashboard.Live;
using Iot.Dashboard.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace Iot.Dashboard;

/// <summary>
/// Registers and maps the dashboard in a host that provides an <see cref="ILiveAssetSource"/> and the pages' views
/// (<c>ITicketsView</c>, <c>IDevicesView</c>, <c>IAssetHistory</c>, <c>IDeviceCommands</c>).
/// </summary>
public static class DashboardExtensions
{
    /// <summary>The dashboard's languages; the first is the default.</summary>
    public static IReadOnlyList<string> Cultures { get; } = ["fr", "ar", "en"];

    public static IServiceCollection AddDashboardUi(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>()
            .BindConfiguration(DashboardOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.TileUrl.Length == 0 || IsTileTemplate(o.TileUrl),
                "Dashboard:TileUrl must be empty or an http(s) URL template with {z}, {x} and {y}.")
            .ValidateOnStart();
        services.AddLocalization();
        services.AddRazorComponents().AddInteractiveServerComponents();
        // Pages read the signed-in user (Iot.Access.Viewer) from the circuit's authentication state; the host signs people in.
        services.AddCascadingAuthenticationState();
        services.AddMudServices();
        services.AddSingleton<LiveMapFeed>();
        services.AddSingleton(sp => new CityClock(sp.GetRequiredService<ILiveAssetSource>().City));
        services.TryAddScoped<ICurrentViewer, SignedInViewer>();
        return services;
    }

    /// <summary>
    /// Maps the dashboard's pages (interactive server rendering) and its static assets. Pages get the culture of the
    /// <c>culture</c> query parameter (remembered in a cookie) or of the browser, French by default; the API is left alone.
    /// </summary>
    public static WebApplication MapDashboardUi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var localization = new RequestLocalizationOptions()
            .SetDefaultCulture(Cultures[0])
            .AddSupportedCultures([.. Cultures])
            .AddSupportedUICultures([.. Cultures]);
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), branch =>
        {
            branch.UseRequestLocalization(localization);
            branch.Use(async (context, next) =>
            {
                // Keep a chosen language for the circuit's own connection, which does not carry the query string.
                if (context.Request.Query.ContainsKey("culture") && context.Features.Get<IRequestCultureFeature>() is { } chosen)
                {
                    context.Response.Cookies.Append(
                        CookieRequestCultureProvider.DefaultCookieName,
                        CookieRequestCultureProvider.MakeCookieValue(chosen.RequestCulture),
                        new Microsoft.AspNetCore.Http.CookieOptions { IsEssential = true, SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax });
                }

                await next(context);
            });
        });
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    private static bool IsTileTemplate(string url) =>
        Uri.TryCreate(url.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && url.Contains("{z}", StringComparison.Ordinal) && url.Contains("{x}", StringComparison.Ordinal) && url.Contains("{y}", StringComparison.Ordinal);
}
