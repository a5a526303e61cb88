using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;

namespace Iot.Testing.Servers;

/// <summary>
/// A real Debian mosquitto on a free loopback port with a temp directory, configured by <see cref="MosquittoSettings"/>:
/// persistence (a graceful stop and a restart on the same port keep sessions and queued messages), password, ACL and
/// TLS files, queue limits, what it logs. Killed and its directory deleted on disposal. Fails, never skips, when
/// mosquitto is missing.
/// </summary>
public sealed class MosquittoFixture : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/sbin/mosquitto";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly MosquittoSettings _settings;
    private readonly TempDirectory _directory = new("iot-mosquitto-test-");
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    private MosquittoFixture(MosquittoSettings settings)
    {
        _settings = settings;
        Port = FreeTcpPort.Next();
        TlsPort = settings.Tls is null ? 0 : FreeTcpPort.Next();
    }

    public string Directory => _directory.Path;

    /// <summary>Plain MQTT listener.</summary>
    public int Port { get; }

    /// <summary>TLS listener, when <see cref="MosquittoSettings.Tls"/> is set (0 otherwise).</summary>
    public int TlsPort { get; }

    public bool IsRunning => _process is { HasExited: false };

    public string ConfigFile => Path.Combine(Directory, "mosquitto.conf");

    /// <summary>What mosquitto logged (<see cref="MosquittoSettings.LogTypes"/>), for failure messages.</summary>
    public string Log => string.Join('\n', _log);

    /// <summary>How many PUBLISH packets mosquitto has sent to <paramref name="clientId"/> (from its debug log).</summary>
    public int PublishesSentTo(string clientId)
    {
        var marker = $"Sending PUBLISH to {clientId} (";
        return _log.Count(line => line.Contains(marker, StringComparison.Ordinal));
    }

    public static async Task<MosquittoFixture> StartAsync(MosquittoSettings? settings = null)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"mosquitto is not installed ({ExecutablePath} is missing); ./test.sh installs it (Debian package 'mosquitto').");
        }

        var broker = new MosquittoFixture(settings ?? new MosquittoSettings());
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

    /// <summary>The command-line settings that make a hub a client of this broker.</summary>
    public string[] HubArgs(string clientId = "iot-hub", string? user = null, string? password = null, string? sharedGroup = null)
    {
        var args = new List<string> { "--Mqtt:Mode=External", "--Mqtt:Host=127.0.0.1", $"--Mqtt:Port={Port}", $"--Mqtt:ClientId={clientId}" };
        if (user is not null)
        {
            args.Add($"--Mqtt:Username={user}");
            args.Add($"--Mqtt:Password={password}");
        }

        if (sharedGroup is not null)
        {
            args.Add($"--Mqtt:SharedGroup={sharedGroup}");
        }

        return [.. args];
    }

    /// <summary>Starts (or restarts) mosquitto on the same port and directory, and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("mosquitto is already running.");
        }

        await File.WriteAllTextAsync(ConfigFile, BuildConfig());
        var start = new ProcessStartInfo(ExecutablePath) { ArgumentList = { "-c", ConfigFile }, RedirectStandardError = true, RedirectStandardOutput = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start.");
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;

        var clock = Stopwatch.StartNew();
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
            catch (SocketException) when (clock.Elapsed < StartTimeout)
            {
                await Task.Delay(20); // polling for the listener, bounded by StartTimeout
            }
        }
    }

    /// <summary>Stops mosquitto gracefully (SIGTERM), so it saves its persistence file, and waits for it to exit.</summary>
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

    /// <summary>
    /// Connects an MQTT 5 client; throws <see cref="ConnectRefusedException"/> when the CONNACK is a refusal. With
    /// <paramref name="persistent"/>, its session (and what is queued for it) outlives disconnections and broker restarts.
    /// </summary>
    public async Task<IMqttClient> ConnectAsync(string clientId, string? user = null, string? password = null, MqttApplicationMessage? will = null, bool persistent = false)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", Port)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(30))
            .WithCleanStart(!persistent)
            .WithSessionExpiryInterval(persistent ? 3600u : 0u);
        if (user is not null)
        {
            options.WithCredentials(user, password);
        }

        if (will is not null)
        {
            options.WithWillTopic(will.Topic).WithWillPayload(System.Buffers.BuffersExtensions.ToArray(will.Payload))
                .WithWillQualityOfServiceLevel(will.QualityOfServiceLevel).WithWillRetain(will.Retain);
        }

        var result = await client.ConnectAsync(options.Build());
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            client.Dispose();
            throw new ConnectRefusedException(result.ResultCode);
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

        _directory.Dispose();
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
        if (_settings.ImageConfigFile is { } image)
        {
            return BuildFromImageConfig(image);
        }

        var conf = new StringBuilder();
        conf.AppendLine(CultureInfo.InvariantCulture, $"listener {Port} 127.0.0.1");
        if (_settings.Persistence)
        {
            conf.AppendLine("persistence true");
            conf.AppendLine(CultureInfo.InvariantCulture, $"persistence_location {Directory}/");
        }
        else
        {
            conf.AppendLine("persistence false");
        }

        conf.AppendLine("log_dest stderr");
        foreach (var type in _settings.LogTypes)
        {
            conf.AppendLine(CultureInfo.InvariantCulture, $"log_type {type}");
        }

        conf.AppendLine(CultureInfo.InvariantCulture, $"max_queued_messages {_settings.MaxQueuedMessages}");
        if (_settings.MaxInflightMessages is { } inflight)
        {
            conf.AppendLine(CultureInfo.InvariantCulture, $"max_inflight_messages {inflight}");
        }

        AppendRunAsRoot(conf);
        if (_settings.PasswordFile is { } passwords)
        {
            conf.AppendLine("allow_anonymous false");
            conf.AppendLine(CultureInfo.InvariantCulture, $"password_file {passwords}");
        }
        else
        {
            conf.AppendLine("allow_anonymous true");
        }

        if (_settings.AclFile is { } acl)
        {
            conf.AppendLine(CultureInfo.InvariantCulture, $"acl_file {acl}");
        }

        if (_settings.Tls is var (cert, key, ca))
        {
            // TLS settings belong to the listener line before them; the plain listener stays for the test's agents.
            conf.AppendLine(CultureInfo.InvariantCulture, $"listener {TlsPort} 127.0.0.1");
            conf.AppendLine(CultureInfo.InvariantCulture, $"certfile {cert}");
            conf.AppendLine(CultureInfo.InvariantCulture, $"keyfile {key}");
            conf.AppendLine(CultureInfo.InvariantCulture, $"cafile {ca}");
            conf.AppendLine(CultureInfo.InvariantCulture, $"require_certificate {(_settings.RequireClientCertificate ? "true" : "false")}");
        }

        return conf.ToString();
    }

    private string BuildFromImageConfig(string path)
    {
        var conf = new StringBuilder();
        foreach (var line in File.ReadAllLines(path))
        {
            var moved = line.StartsWith("listener ", StringComparison.Ordinal) && !line.StartsWith("listener 1883", StringComparison.Ordinal)
                ? "#" + line // other listeners (TLS) need files the test does not have
                : line.Replace("listener 1883", $"listener {Port} 127.0.0.1", StringComparison.Ordinal)
                    .Replace("/mosquitto/config/", Path.TrimEndingDirectorySeparator(_settings.ImageConfigDirectory ?? Directory) + "/", StringComparison.Ordinal)
                    .Replace("/mosquitto/data/", Directory + "/", StringComparison.Ordinal);
            conf.AppendLine(moved);
        }

        conf.AppendLine("log_type debug");
        AppendRunAsRoot(conf);
        return conf.ToString();
    }

    private static void AppendRunAsRoot(StringBuilder conf)
    {
        if (Environment.IsPrivilegedProcess)
        {
            // As root, mosquitto would switch to the 'mosquitto' user, which cannot read this test's 0700 temp directory.
            conf.AppendLine("user root");
        }
    }
}
