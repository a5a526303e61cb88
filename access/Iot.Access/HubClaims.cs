namespace Iot.Access;

/// <summary>Claim types the hub puts on a signed-in user besides name and role.</summary>
public static class HubClaims
{
    /// <summary>The delegated operator an <see cref="HubRoles.Operator"/> user is bound to (e.g. <c>OP-LIGHT</c>).</summary>
    public const string OperatorId = "iot:operator";
}
