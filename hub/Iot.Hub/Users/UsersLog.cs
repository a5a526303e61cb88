namespace Iot.Hub.Users;

/// <summary>Log messages of sign-in (event ids 1600–1699). Passwords are never logged.</summary>
internal static partial class UsersLog
{
    [LoggerMessage(1602, LogLevel.Warning, "Sign-in refused for user name {Name} over {Scheme} from {Remote}: {Reason}")]
    public static partial void SignInRefused(ILogger logger, string name, string scheme, string? remote, SignInRefusal reason);

    [LoggerMessage(1603, LogLevel.Information, "User {Name} signed in to the dashboard from {Remote}")]
    public static partial void SignedIn(ILogger logger, string name, string? remote);

    [LoggerMessage(1604, LogLevel.Warning, "Malformed HTTP Basic credentials from {Remote}")]
    public static partial void MalformedBasic(ILogger logger, string? remote);

    [LoggerMessage(1605, LogLevel.Information, "The session of {Name} ended: the user was disabled, removed or changed")]
    public static partial void SessionEnded(ILogger logger, string name);

    [LoggerMessage(1606, LogLevel.Warning, "Sign-in form refused from {Remote}: missing or invalid antiforgery token")]
    public static partial void AntiforgeryRefused(ILogger logger, string? remote);
}
