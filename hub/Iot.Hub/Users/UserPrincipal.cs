using System.Security.Claims;
using Iot.Access;

namespace Iot.Hub.Users;

/// <summary>The claims of a signed-in user: name, role and, for an operator user, <see cref="HubClaims.OperatorId"/>.</summary>
public static class UserPrincipal
{
    public static ClaimsPrincipal Create(HubUser user, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.Name),
            new(ClaimTypes.Role, user.Role),
        };
        if (user.OperatorId is not null)
        {
            claims.Add(new Claim(HubClaims.OperatorId, user.OperatorId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>Whether the principal still says what the stored user is (same name, role and operator, not disabled).</summary>
    public static bool Matches(ClaimsPrincipal principal, HubUser? user) =>
        user is { Disabled: false }
        && global::Iot.Access.Viewer.From(principal) is { } viewer
        && string.Equals(viewer.Name, user.Name, StringComparison.Ordinal)
        && viewer.Role == user.Role
        && viewer.OperatorId == user.OperatorId;

    /// <summary>The viewer of a request that passed the hub's authorization (every /api endpoint but health and OpenAPI).</summary>
    public static Viewer Viewer(this HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return global::Iot.Access.Viewer.From(http.User)
            ?? throw new InvalidOperationException("No signed-in viewer: the endpoint must require authorization.");
    }
}
