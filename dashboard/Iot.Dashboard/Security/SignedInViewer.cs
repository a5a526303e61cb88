using Iot.Access;
using Microsoft.AspNetCore.Components.Authorization;

namespace Iot.Dashboard.Security;

/// <summary>
/// The viewer of the circuit's signed-in user. Nobody signed in, or a user without a known role (an operator bound to
/// nothing), is <see cref="Nobody"/>: sees nothing, may do nothing. Staff pages require a user anyway; this is the floor.
/// </summary>
internal sealed class SignedInViewer(AuthenticationStateProvider authentication) : ICurrentViewer
{
    /// <summary>Sees no operator's assets or tickets (its operator id matches none) and has no role that may act.</summary>
    public static Viewer Nobody { get; } = new("", "none", OperatorId: "");

    public async Task<Viewer> GetAsync() =>
        Viewer.From((await authentication.GetAuthenticationStateAsync()).User) ?? Nobody;
}
