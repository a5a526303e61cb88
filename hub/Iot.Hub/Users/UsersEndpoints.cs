using Iot.Access;
using Iot.Dashboard.Resources;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Iot.Hub.Users;

/// <summary>Who is signed in, as the API tells it.</summary>
public sealed record ViewerDto(string Name, string Role, string? OperatorId, bool CanCommand);

/// <summary><c>GET|POST /login</c>, <c>GET|POST /logout</c> (HTML forms with antiforgery) and <c>GET /api/users/me</c>.</summary>
internal static class UsersEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/login", SignInPageAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/login", SignInAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        app.MapGet("/logout", SignOutPage).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/logout", SignOutAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        app.MapGet("/api/users/me", Me).WithTags("Users").WithName("GetSignedInUser")
            .WithDescription("The signed-in user: name, role (admin, manager, operator, technician), the operator an operator user is bound to, and whether it may send commands.");
    }

    private static Ok<ViewerDto> Me(HttpContext http)
    {
        var viewer = http.Viewer();
        return TypedResults.Ok(new ViewerDto(viewer.Name, viewer.Role, viewer.OperatorId, viewer.CanCommand));
    }

    private static IResult SignInPageAsync(HttpContext http, IAntiforgery antiforgery, IStringLocalizer<Strings> l, string? returnUrl)
    {
        var target = ReturnUrls.Safe(returnUrl);
        if (Viewer.From(http.User) is not null)
        {
            return Results.LocalRedirect(target);
        }

        var tokens = antiforgery.GetAndStoreTokens(http);
        return Html(LoginPage.SignIn(l, target, tokens.FormFieldName, tokens.RequestToken!, null, null), StatusCodes.Status200OK);
    }

    // The form is read by hand: the antiforgery check comes first and its failure gets the page again, not a bare 400.
    private static async Task<IResult> SignInAsync(
        HttpContext http, IAntiforgery antiforgery, IStringLocalizer<Strings> l, UserStore users, ILogger<UserStore> logger)
    {
        var remote = http.Connection.RemoteIpAddress?.ToString();
        if (!http.Request.HasFormContentType)
        {
            return Results.Problem("Post the sign-in form (application/x-www-form-urlencoded) with name and password.", statusCode: StatusCodes.Status400BadRequest, title: "Not a form");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var target = ReturnUrls.Safe(form["returnUrl"]);
        var name = form["name"].ToString().Trim();
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            UsersLog.AntiforgeryRefused(logger, remote);
            return Again(l["SignInExpired"], StatusCodes.Status400BadRequest);
        }

        var (user, refusal) = name.Length == 0
            ? (null, SignInRefusal.UnknownUser)
            : await users.VerifyAsync(name, form["password"].ToString(), http.RequestAborted);
        if (user is null)
        {
            UsersLog.SignInRefused(logger, name, "form", remote, refusal);
            return Again(l["SignInFailed"], StatusCodes.Status401Unauthorized);
        }

        await http.SignInAsync(UsersExtensions.CookieScheme, UserPrincipal.Create(user, UsersExtensions.CookieScheme));
        UsersLog.SignedIn(logger, user.Name, remote);
        return Results.LocalRedirect(target);

        IResult Again(string error, int status)
        {
            var tokens = antiforgery.GetAndStoreTokens(http);
            return Html(LoginPage.SignIn(l, target, tokens.FormFieldName, tokens.RequestToken!, name, error), status);
        }
    }

    private static IResult SignOutPage(HttpContext http, IAntiforgery antiforgery, IStringLocalizer<Strings> l)
    {
        if (Viewer.From(http.User) is not { } viewer)
        {
            return Results.LocalRedirect("/login");
        }

        var tokens = antiforgery.GetAndStoreTokens(http);
        return Html(LoginPage.SignOut(l, tokens.FormFieldName, tokens.RequestToken!, Describe(l, viewer)), StatusCodes.Status200OK);
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.LocalRedirect("/logout");
        }

        await http.SignOutAsync(UsersExtensions.CookieScheme);
        return Results.LocalRedirect("/login");
    }

    /// <summary>"Signed in: name — role", as the dashboard's app bar shows it.</summary>
    public static string Describe(IStringLocalizer<Strings> l, Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(viewer);
        return l["SignedInAs", viewer.Name, l[$"Role_{viewer.Role}", viewer.OperatorId ?? ""]];
    }

    private static IResult Html(string html, int status) => Results.Content(html, "text/html; charset=utf-8", statusCode: status);
}
