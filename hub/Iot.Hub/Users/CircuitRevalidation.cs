using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Iot.Hub.Users;

/// <summary>
/// The dashboard circuit's authentication state, checked against the users table every <see cref="Interval"/>: a user
/// disabled or changed while a page is open loses its state, and the app bar then reloads the page, which the sign-in
/// cookie check sends to /login. (Requests are checked on every request already; a circuit is one long connection.)
/// </summary>
internal sealed class CircuitRevalidation(ILoggerFactory loggerFactory, UserStore users) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        return IsCurrentAsync(users, authenticationState.User, cancellationToken);
    }

    /// <summary>Whether the principal still matches an enabled user with the same role and operator.</summary>
    public static async Task<bool> IsCurrentAsync(UserStore users, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(principal);
        var name = principal.Identity?.Name;
        return name is not null && UserPrincipal.Matches(principal, await users.FindAsync(name, cancellationToken));
    }
}
