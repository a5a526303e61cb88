using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Iot.Testing;

namespace Iot.Hub.Tests.Infrastructure;

/// <summary>
/// A real InfluxDB 1.x: Debian's <c>/usr/bin/influxd</c> with a generated config, HTTP and RPC on free loopback ports,
/// meta/data/wal in a temp directory, every other listener off. <see cref="StopAsync"/> kills it (as a crash would)
/// and <see cref="StartAsync"/> starts it again on the same ports and directories. Disposal kills it and deletes them.
/// </summary>
public sealed class InfluxFixture : IAsyncLifetime
{
    public const string Executable = "/usr/bin/influxd";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string _configPath;
    private Process? _process;

    public InfluxFixture()
        : this(authEnabled: false)
    {
    }

    private InfluxFixture(bool authEnabled)
    {
        Dir = Directory.CreateTempSubdirectory("iot-influx-test-").FullName;
        HttpPort = FreeTcpPort.Next();
        int rpcPort;
        do
        {
            rpcPort = FreeTcpPort.Next();
        }
        while (rpcPort == HttpPort);

        Url = new Uri($"http://127.0.0.1:{HttpPort}");
        _configPath = Path.Combine(Dir, "influxdb.conf");
        File.WriteAllText(_configPath, string.Create(CultureInfo.InvariantCulture, $"""
            reporting-disabled = true
            bind-address = "127.0.0.1:{rpcPort}"

            [meta]
              dir = "{Dir}/meta"
              logging-enabled = false

            [data]
              dir = "{Dir}/data"
              wal-dir = "{Dir}/wal"
              wal-fsync-delay = "0s"
              query-log-enabled = false

            [monitor]
              store-enabled = false

            [http]
              enabled = true
              bind-address = "127.0.0.1:{HttpPort}"
              log-enabled = false
              pprof-enabled = false
              auth-enabled = {(authEnabled ? "true" : "false")}

            [subscriber]
              enabled = false

            [continuous_queries]
              enabled = false

            [logging]
              level = "warn"
              suppress-logo = true

            [[graphite]]
              enabled = false

            [[collectd]]
              enabled = false

            [[opentsdb]]
              enabled = false

            [[udp]]
              enabled = false
            """));
        Http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>
    /// An influxd with <c>auth-enabled = true</c>. Call <see cref="StartAsync"/>, then create its first admin with
    /// <see cref="CreateAdminAsync"/> (InfluxDB allows that one statement without credentials).
    /// </summary>
    public static InfluxFixture WithAuth() => new(authEnabled: true);

    public string Dir { get; }

    public int HttpPort { get; }

    public Uri Url { get; }

    /// <summary>A client for the test's own InfluxQL and line-protocol requests.</summary>
    public HttpClient Http { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>A database name no other test uses.</summary>
    public static string NewDatabaseName() => "test_" + Guid.NewGuid().ToString("N")[..12];

    public async ValueTask InitializeAsync() => await StartAsync();

    public async Task StartAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"{Executable} is missing. The InfluxDB tests need Debian's influxd 1.x: run ./test.sh, which installs the 'influxdb' package with apt-get.");
        }

        if (IsRunning)
        {
            throw new InvalidOperationException("influxd is already running");
        }

        var info = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-config");
        info.ArgumentList.Add(_configPath);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await PingAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"influxd did not answer /ping on {Url} (exited: {process.HasExited}). Its output:\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Kills influxd (SIGKILL, like a crash or a pulled plug on its process) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
        _process = null;
    }

    public string Output => string.Join('\n', _output);

    public async Task<bool> PingAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri("ping", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.NoContent;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Runs InfluxQL (GET for reads, POST for statements that change something) and returns the JSON answer.</summary>
    public async Task<JsonElement> QueryAsync(string database, string influxQl, string epoch = "ms")
    {
        var isRead = influxQl.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || influxQl.StartsWith("SHOW", StringComparison.OrdinalIgnoreCase);
        var path = $"query?db={Uri.EscapeDataString(database)}&epoch={epoch}";
        using var response = isRead
            ? await Http.GetAsync(new Uri(path + "&q=" + Uri.EscapeDataString(influxQl), UriKind.Relative))
            : await Http.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent([new KeyValuePair<string, string>("q", influxQl)]));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"InfluxQL {influxQl} failed: {text}");
        using var document = JsonDocument.Parse(text);
        var result = document.RootElement.GetProperty("results")[0].Clone();
        Assert.False(result.TryGetProperty("error", out var error), $"InfluxQL {influxQl} failed: {error}");
        return result;
    }

    /// <summary>Creates an admin user and sends its credentials with every later request of <see cref="Http"/>.</summary>
    public async Task CreateAdminAsync(string user, string password)
    {
        await QueryAsync("", $"CREATE USER \"{user}\" WITH PASSWORD '{password}' WITH ALL PRIVILEGES");
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
    }

    /// <summary>Every row of every series of a one-statement query.</summary>
    public async Task<List<JsonElement>> RowsAsync(string database, string influxQl, string epoch = "ms")
    {
        var result = await QueryAsync(database, influxQl, epoch);
        return result.TryGetProperty("series", out var series)
            ? [.. series.EnumerateArray().SelectMany(s => s.GetProperty("values").EnumerateArray())]
            : [];
    }

    /// <summary>A single number from a query such as <c>SELECT count(x) FROM …</c>; 0 when there are no rows.</summary>
    public async Task<long> CountAsync(string database, string influxQl)
    {
        var rows = await RowsAsync(database, influxQl);
        return rows.Count == 0 ? 0 : rows.Sum(r => r[1].GetInt64());
    }

    /// <summary>Posts line protocol as it is (ns precision); returns the status and body.</summary>
    public async Task<(HttpStatusCode Status, string Body)> WriteLinesAsync(string database, string lines)
    {
        using var content = new StringContent(lines, Encoding.UTF8, "text/plain");
        using var response = await Http.PostAsync(new Uri($"write?db={Uri.EscapeDataString(database)}&precision=ns", UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean /tmp.
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200)
        {
            _output.TryDequeue(out _);
        }
    }
}
