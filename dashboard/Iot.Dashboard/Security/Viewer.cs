using System.Security.Claims;

namespace Iot.Dashboard.Security;

/// <summary>The four roles of the hub's users, as <see cref="ClaimTypes.Role"/> values.</summary>
public static class HubRoles
{
    public const string Admin = "admin";
    public const string Manager = "manager";
    public const string Operator = "operator";
    public const string Technician = "technician";

    public static IReadOnlyList<string> All { get; } = [Admin, Manager, Operator, Technician];
}

/// <summary>Claim types the hub puts on a signed-in user besides name and role.</summary>
public static class HubClaims
{
    /// <summary>The delegated operator an <see cref="HubRoles.Operator"/> user is bound to (e.g. <c>OP-LIGHT</c>).</summary>
    public const string OperatorId = "iot:operator";
}

/// <summary>
/// What a signed-in user may see and do, read from their claims. An operator sees and acts on its own contracts'
/// assets and tickets only; every query and API filters with <see cref="OperatorId"/> on the server.
/// </summary>
public sealed record Viewer(string Name, string Role, string? OperatorId)
{
    /// <summary>Sees every operator's assets and tickets (admin, manager, technician).</summary>
    public bool SeesAll => OperatorId is null;

    /// <summary>May send switch/dim commands (technicians, operators and admins; managers review).</summary>
    public bool CanCommand => Role is HubRoles.Admin or HubRoles.Technician or HubRoles.Operator;

    /// <summary>May acknowledge, resolve, comment on and close tickets.</summary>
    public bool CanActOnTickets => Role is HubRoles.Admin or HubRoles.Manager or HubRoles.Operator or HubRoles.Technician;

    /// <summary>Whether an asset or ticket of <paramref name="operatorId"/> is visible to this viewer.</summary>
    public bool MaySee(string? operatorId) => SeesAll || string.Equals(operatorId, OperatorId, StringComparison.Ordinal);

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
