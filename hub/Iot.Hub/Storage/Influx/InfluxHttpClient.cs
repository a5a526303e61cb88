using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Iot.Hub.Storage.Influx;

/// <summary>
/// The three InfluxDB 1.x HTTP endpoints the store needs: <c>/ping</c>, <c>/write</c> (gzip line protocol, ns
/// precision) and <c>/query</c> (InfluxQL; JSON answers). Credentials go in a basic-auth header, never in the URL.
/// Connection failures surface as <see cref="HttpRequestException"/>, time-outs as <see cref="TimeoutException"/>.
/// </summary>
internal sealed class InfluxHttpClient : IDisposable
{
    private const int MaxErrorLength = 1000;
    private readonly HttpClient _http;
    private readonly string _writePath;
    private readonly string _database;

    public InfluxHttpClient(InfluxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var url = options.Url.EndsWith('/') ? options.Url : options.Url + "/";
        var timeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds);
        _http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = timeout,
            AutomaticDecompression = DecompressionMethods.GZip,
        })
        {
            BaseAddress = new Uri(url, UriKind.Absolute),
            Timeout = timeout,
        };
        if (!string.IsNullOrEmpty(options.Username))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}")));
        }

        _database = options.Database;
        _writePath = "write?db=" + Uri.EscapeDataString(_database) + "&precision=ns"
            + (string.IsNullOrEmpty(options.RetentionPolicy) ? "" : "&rp=" + Uri.EscapeDataString(options.RetentionPolicy));
    }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>True when InfluxDB answers <c>/ping</c> with 204.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "ping"), cancellationToken);
            return response.StatusCode == HttpStatusCode.NoContent;
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Posts complete lines, gzip-compressed. Returns InfluxDB's status and error message.</summary>
    public async Task<InfluxResponse> WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        var body = Compress(lines.Span);
        using var response = await SendAsync(() =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
            content.Headers.ContentEncoding.Add("gzip");
            return new HttpRequestMessage(HttpMethod.Post, _writePath) { Content = content };
        }, cancellationToken);
        var error = response.IsSuccessStatusCode ? "" : await ReadErrorAsync(response, cancellationToken);
        return new InfluxResponse(response.StatusCode, error);
    }

    /// <summary>
    /// Runs InfluxQL (POST for statements that change something, as InfluxDB 1.x asks) and returns the JSON answer.
    /// Throws <see cref="InfluxException"/> when the request as a whole is refused; per-statement errors are in the answer.
    /// </summary>
    public async Task<JsonDocument> QueryAsync(string query, bool changes, string epoch, CancellationToken cancellationToken)
    {
        var parameters = "db=" + Uri.EscapeDataString(_database) + "&epoch=" + epoch;
        using var response = await SendAsync(() => changes
            ? new HttpRequestMessage(HttpMethod.Post, "query?" + parameters)
            {
                Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("q", query)]),
            }
            : new HttpRequestMessage(HttpMethod.Get, "query?" + parameters + "&q=" + Uri.EscapeDataString(query)), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InfluxException(
                $"InfluxDB at {BaseAddress} refused a query (HTTP {(int)response.StatusCode}): {await ReadErrorAsync(response, cancellationToken)}", response.StatusCode);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(stream, default, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        using var message = request();
        try
        {
            return await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"InfluxDB at {BaseAddress} did not answer within {_http.Timeout.TotalSeconds:0} s (Storage:Influx:RequestTimeoutSeconds)", ex);
        }
    }

    private static byte[] Compress(ReadOnlySpan<byte> lines)
    {
        using var output = new MemoryStream((lines.Length / 4) + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(lines);
        }

        return output.ToArray();
    }

    /// <summary>InfluxDB's <c>{"error":"…"}</c> message, or the start of the body when it is something else.</summary>
    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error))
            {
                text = error.GetString() ?? text;
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page, say): keep the text.
        }

        text = text.Trim();
        return text.Length > MaxErrorLength ? text[..MaxErrorLength] + "…" : text;
    }
}
