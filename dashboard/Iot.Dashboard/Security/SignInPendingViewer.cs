using Microsoft.AspNetCore.Components.Authorization;

namespace Iot.Dashboard.Security;

/// <summary>
/// TO BE REPLACED WHEN SIGN-IN LANDS (branch <c>auth</c>). The viewer of the signed-in user from the authentication state
/// when there is one; otherwise — the dashboard has no sign-in yet — an admin named <see cref="FallbackName"/>, so that
/// everything works as it did before roles existed. This fallback is the only place that grants rights without a user:
/// once sign-in exists, register an <see cref="ICurrentViewer"/> that refuses anonymous users instead.
/// </summary>
internal sealed class SignInPendingViewer(AuthenticationStateProvider? authentication = null) : ICurrentViewer
{
    public const string FallbackName = "dashboard";

    private static readonly Viewer Fallback = new(FallbackName, HubRoles.Admin, null);

    public async Task<Viewer> GetAsync()
    {
        if (authentication is null)
        {
            return Fallback;
        }

        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return Fallback;
        }

        // Signed in without a known role (or an operator bound to nothing): sees nothing, may do nothing.
        return Viewer.From(user) ?? new Viewer(user.Identity.Name ?? "?", "none", OperatorId: "");
    }
}
