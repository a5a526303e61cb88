using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;

namespace Iot.Edge.Tests.Infrastructure;

/// <summary>
/// A real Debian mosquitto on a free loopback port with a temp directory and persistence on, so that a graceful
/// stop and a restart on the same port keep subscribers' sessions and their queued messages (the broker outage of the
/// store-and-forward tests). Adapted from the hub tests' fixture, which this project may not reference. Killed and its
/// directory deleted on disposal; fails, never skips, when mosquitto is missing.
/// </summary>
public sealed class MosquittoFixture : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/sbin/mosquitto";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    private MosquittoFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("iot-edge-mosquitto-").FullName;
        Port = FreeTcpPort();
    }

    public string Directory { get; }

    public int Port { get; }

    public bool IsRunning => _process is { HasExited: false };

    public string Log => string.Join('\n', _log);

    public static async Task<MosquittoFixture> StartAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"mosquitto is not installed ({ExecutablePath} is missing); ./test.sh installs it (Debian package 'mosquitto').");
        }

        var broker = new MosquittoFixture();
        try
        {
            await broker.StartAgainAsync();
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }

        return broker;
    }

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts (or restarts) mosquitto on the same port and directory and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("mosquitto is already running.");
        }

        var conf = Path.Combine(Directory, "mosquitto.conf");
        await File.WriteAllTextAsync(conf, BuildConfig());
        var start = new ProcessStartInfo(ExecutablePath) { ArgumentList = { "-c", conf }, RedirectStandardError = true, RedirectStandardOutput = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start.");
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;

        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited with code {process.ExitCode}:\n{Log}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20); // polling for the listener, bounded by the deadline
            }
        }
    }

    /// <summary>Stops mosquitto gracefully (SIGTERM) so that it saves its persistence file, and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(CultureInfo.InvariantCulture) } }))
        {
            await kill!.WaitForExitAsync();
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        process.Dispose();
        _process = null;
    }

    /// <summary>An MQTT 5 client; with <paramref name="persistent"/>, its session (and what is queued for it) outlives disconnections and broker restarts.</summary>
    public async Task<IMqttClient> ConnectAsync(string clientId, bool persistent = false)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", Port)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(30))
            .WithCleanStart(!persistent)
            .WithSessionExpiryInterval(persistent ? 3600u : 0u)
            .Build();
        var result = await client.ConnectAsync(options);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            client.Dispose();
            throw new InvalidOperationException($"mosquitto refused {clientId}: {result.ResultCode}");
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                process.Kill();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }

            process.Dispose();
            _process = null;
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean /tmp.
        }
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            _log.Enqueue(line);
        }
    }

    private string BuildConfig()
    {
        var conf = new StringBuilder();
        conf.AppendLine(CultureInfo.InvariantCulture, $"listener {Port} 127.0.0.1");
        conf.AppendLine("allow_anonymous true");
        conf.AppendLine("persistence true");
        conf.AppendLine(CultureInfo.InvariantCulture, $"persistence_location {Directory}/");
        conf.AppendLine("log_dest stderr");
        conf.AppendLine("log_type error");
        conf.AppendLine("log_type warning");
        conf.AppendLine("log_type notice");
        conf.AppendLine("max_queued_messages 100000");
        conf.AppendLine("max_inflight_messages 100");
        if (Environment.IsPrivilegedProcess)
        {
            // As root, mosquitto would switch to the 'mosquitto' user, which cannot read this test's 0700 temp directory.
            conf.AppendLine("user root");
        }

        return conf.ToString();
    }
}
