using Iot.Hub.Users;
using Iot.Testing.Hosting;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Iot.Hub.Tests.Users;

/// <summary>The dashboard circuit's user is checked against the users table, as requests are.</summary>
public sealed class CircuitRevalidationTests
{
    [Fact]
    public async Task TheHubsCircuits_UseTheRevalidatingProvider_WhichDropsADisabledOrChangedUser()
    {
        await using var hub = await HubInstance.StartAsync();
        using var scope = hub.Services.CreateScope();
        Assert.IsType<CircuitRevalidation>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());

        var users = hub.Services.GetRequiredService<UserStore>();
        var light = await users.AddAsync("light-9", "operator", "OP-LIGHT", "light-9-password", CancellationToken.None);
        var principal = UserPrincipal.Create(light, "test");
        Assert.True(await CircuitRevalidation.IsCurrentAsync(users, principal, CancellationToken.None));

        // Same name, another operator in the claims than in the table: not current.
        var forged = UserPrincipal.Create(light with { OperatorId = "OP-WASTE" }, "test");
        Assert.False(await CircuitRevalidation.IsCurrentAsync(users, forged, CancellationToken.None));
        Assert.False(await CircuitRevalidation.IsCurrentAsync(users, UserPrincipal.Create(light with { Name = "ghost" }, "test"), CancellationToken.None));

        await users.DisableAsync("light-9", CancellationToken.None);
        Assert.False(await CircuitRevalidation.IsCurrentAsync(users, principal, CancellationToken.None));
    }
}
