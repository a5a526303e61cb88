namespace Iot.Hub.Health;

/// <summary>
/// <c>Iot.Hub healthcheck [url]</c>: exit 0 when <c>GET url</c> (default <c>http://127.0.0.1:5080/healthz</c>) answers
/// 2xx, 1 otherwise. For container health checks: the runtime image has no curl.
/// </summary>
public static class HealthProbe
{
    public const string DefaultUrl = "http://127.0.0.1:5080/healthz";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length > 1 || (args is [var given] && !Uri.TryCreate(given, UriKind.Absolute, out _)))
        {
            await stderr.WriteLineAsync("usage: Iot.Hub healthcheck [url]   (default " + DefaultUrl + ")");
            return 2;
        }

        var url = args is [var u] ? u : DefaultUrl;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(new Uri(url), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            await stdout.WriteLineAsync($"{(int)response.StatusCode} {body}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await stderr.WriteLineAsync($"{url}: {ex.Message}");
            return 1;
        }
    }
}
