using System.Security.Claims;

namespace Iot.Access;

/// <summary>The four roles of the hub's users, as <see cref="ClaimTypes.Role"/> values.</summary>
public static class HubRoles
{
    public const string Admin = "admin";
    public const string Manager = "manager";
    public const string Operator = "operator";
    public const string Technician = "technician";

    public static IReadOnlyList<string> All { get; } = [Admin, Manager, Operator, Technician];
}
