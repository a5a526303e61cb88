using Iot.Access;
using Iot.Hub.Internal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Users;

/// <summary>
/// Sign-in and authorization. Two ways in, on the same users: a cookie for the dashboard (signed in at <c>/login</c>) and
/// HTTP Basic for API clients. Every endpoint requires a signed-in user with a known role (the fallback policy), except
/// those marked anonymous — <c>/healthz</c>, <c>/openapi/v1.json</c>, <c>/login</c>, <c>/logout</c>, Open311, the public
/// report page — and the Blazor circuit and static files (<see cref="IsOpenInfrastructure"/>). So an endpoint added later
/// is closed until someone opens it on purpose. Unauthenticated API calls get 401, browsers a redirect to /login.
/// </summary>
public static class UsersExtensions
{
    /// <summary>Picks Basic when the request carries Basic credentials, else the cookie.</summary>
    public const string Scheme = "Iot.Hub";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string CookieName = ".IotHub.Session";

    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddOptions<UsersOptions>().BindConfiguration(UsersOptions.SectionName).ValidateSection(UsersOptions.SectionName).ValidateOnStart();
        services.AddSingleton<UserStore>();
        services.AddSingleton<HubAccess>();
        services.AddHostedService<DemoUsers>();
        services.AddAntiforgery();
        // After AddRazorComponents (AddDashboard): replaces the circuit's ServerAuthenticationStateProvider.
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, CircuitRevalidation>();

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Cookie or HTTP Basic", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)
                    ? BasicAuthenticationHandler.SchemeName
                    : CookieScheme)
            .AddCookie(CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null);
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<IOptions<UsersOptions>>((cookie, users) =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(users.Value.SessionMinutes);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/login";
            cookie.LogoutPath = "/logout";
            cookie.AccessDeniedPath = "/login";
            cookie.Events = new CookieAuthenticationEvents
            {
                OnRedirectToLogin = context => Challenge(context, StatusCodes.Status401Unauthorized),
                OnRedirectToAccessDenied = context => Challenge(context, StatusCodes.Status403Forbidden),
                OnValidatePrincipal = ValidateSessionAsync,
            };
        });

        // [Authorize] (the dashboard's pages, checked again inside a circuit by AuthorizeRouteView): a user with a known role.
        // Every endpoint without authorization metadata (the fallback): the same, except the Blazor circuit and the static
        // files, which the public report page needs; what a circuit may see is decided by its user, page by page.
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser()
                .RequireAssertion(context => Viewer.From(context.User) is not null)
                .Build())
            .SetFallbackPolicy(new AuthorizationPolicyBuilder()
                .RequireAssertion(context => Viewer.From(context.User) is not null || IsOpenInfrastructure(context.Resource))
                .Build());
        return services;
    }

    /// <summary>The Blazor circuit (<c>/_blazor</c>), the framework's script (<c>/_framework</c>) and libraries' static files (<c>/_content</c>).</summary>
    internal static bool IsOpenInfrastructure(object? resource) =>
        resource is HttpContext http
        && (http.Request.Path.StartsWithSegments("/_blazor") || http.Request.Path.StartsWithSegments("/_framework")
            || http.Request.Path.StartsWithSegments("/_content"));

    /// <summary>The sign-in pages and <c>GET /api/users/me</c>.</summary>
    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder app)
    {
        UsersEndpoints.Map(app);
        return app;
    }

    /// <summary>API paths answer with a status code (401 with a Basic challenge, or 403); pages redirect.</summary>
    private static Task Challenge(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            if (status == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = BasicAuthenticationHandler.Challenge;
            }
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    /// <summary>Ends a dashboard session whose user was disabled, removed or changed since it signed in.</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var users = context.HttpContext.RequestServices.GetRequiredService<UserStore>();
        var user = name is null ? null : await users.FindAsync(name, context.HttpContext.RequestAborted);
        if (context.Principal is null || !UserPrincipal.Matches(context.Principal, user))
        {
            UsersLog.SessionEnded(context.HttpContext.RequestServices.GetRequiredService<ILogger<UserStore>>(), name ?? "?");
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
        }
    }
}
