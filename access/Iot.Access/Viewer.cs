using System.Security.Claims;

namespace Iot.Access;

/// <summary>
/// Who a signed-in user is, read from their claims: name, role and, for an operator user, the operator it is bound to.
/// What the viewer may see and do is decided by <see cref="HubAccess"/>; every query and API filters on the server.
/// </summary>
public sealed record Viewer(string Name, string Role, string? OperatorId)
{
    /// <summary>Sees every operator's assets and tickets (admin, manager, technician).</summary>
    public bool SeesAll => OperatorId is null;

    /// <summary>The role may send switch/dim commands (<see cref="HubAccess.MayCommand(Viewer)"/>).</summary>
    public bool CanCommand => HubAccess.MayCommand(this);

    /// <summary>The role may acknowledge, resolve, comment on and close tickets (<see cref="HubAccess.MayActOnTickets(Viewer)"/>).</summary>
    public bool CanActOnTickets => HubAccess.MayActOnTickets(this);

    /// <summary>The viewer of an authenticated principal; null when not signed in or lacking a known role.</summary>
    public static Viewer? From(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            return null;
        }

        var role = HubRoles.All.FirstOrDefault(user.IsInRole);
        if (role is null)
        {
            return null;
        }

        var operatorId = role == HubRoles.Operator ? user.FindFirst(HubClaims.OperatorId)?.Value : null;
        if (role == HubRoles.Operator && string.IsNullOrEmpty(operatorId))
        {
            return null; // an operator user bound to nothing sees nothing rather than everything
        }

        return new Viewer(name, role, operatorId);
    }
}
