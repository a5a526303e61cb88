namespace Iot.Hub.Users;

/// <summary>
/// Where to go after signing in. Only a path on this hub is followed (<c>/tickets?status=open</c>); anything that could
/// leave it — an absolute URL, <c>//host</c>, <c>/\host</c>, a control character — falls back to <c>/</c>, so the sign-in
/// page cannot be used to send someone to another site (open redirect).
/// </summary>
public static class ReturnUrls
{
    public const string Home = "/";

    public static string Safe(string? returnUrl) => IsLocal(returnUrl) ? returnUrl! : Home;

    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > 2048 || url[0] != '/')
        {
            return false;
        }

        // "//host" and "/\host" are protocol-relative to browsers; "/login" would come straight back here.
        if (url.Length > 1 && (url[1] == '/' || url[1] == '\\'))
        {
            return false;
        }

        foreach (var c in url)
        {
            if (char.IsControl(c) || c == '\\')
            {
                return false;
            }
        }

        return !url.StartsWith("/login", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("/logout", StringComparison.OrdinalIgnoreCase);
    }
}
