using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Users;

/// <summary>
/// HTTP Basic for API clients (curl, scripts, tests) on the hub's users: <c>Authorization: Basic base64(name:password)</c>
/// on every request. Use it over HTTPS outside a trusted network. A challenge answers 401 with
/// <c>WWW-Authenticate: Basic realm="Iot.Hub"</c>, never a redirect.
/// </summary>
internal sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder, UserStore users)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Basic";
    public const string Challenge = "Basic realm=\"Iot.Hub\", charset=\"UTF-8\"";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, SchemeName, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var remote = Context.Connection.RemoteIpAddress?.ToString();
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter ?? ""));
        }
        catch (FormatException)
        {
            UsersLog.MalformedBasic(Logger, remote);
            return AuthenticateResult.Fail("Malformed Basic credentials.");
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            UsersLog.MalformedBasic(Logger, remote);
            return AuthenticateResult.Fail("Malformed Basic credentials.");
        }

        var name = decoded[..colon];
        var (user, refusal) = await users.VerifyAsync(name, decoded[(colon + 1)..], Context.RequestAborted);
        if (user is null)
        {
            UsersLog.SignInRefused(Logger, name, SchemeName, remote, refusal);
            return AuthenticateResult.Fail("Invalid user name or password.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(UserPrincipal.Create(user, SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Challenge;
        return Task.CompletedTask;
    }
}
