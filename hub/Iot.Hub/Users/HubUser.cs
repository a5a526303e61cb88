namespace Iot.Hub.Users;

/// <summary>A person who signs in to the hub (table <c>users</c> in hub.db). Roles: <see cref="Iot.Access.HubRoles"/>.</summary>
/// <param name="OperatorId">The delegated operator an <c>operator</c> user is bound to; null for the other roles.</param>
public sealed record HubUser(string Name, string Role, string? OperatorId, DateTimeOffset CreatedAt, bool Disabled);
