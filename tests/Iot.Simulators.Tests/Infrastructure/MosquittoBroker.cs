using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Iot.Simulators.Tests.Infrastructure;

/// <summary>
/// A real Debian mosquitto on a free loopback port (the pattern of <c>MosquittoFixture</c> in Iot.Hub.Tests, trimmed to
/// what the fleet needs): anonymous, no persistence. Killed on disposal. Fails, never skips, when mosquitto is missing.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/sbin/mosquitto";

    private readonly Process _process;
    private readonly string _directory;

    private MosquittoBroker(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public static async Task<MosquittoBroker> StartAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"mosquitto is not installed ({ExecutablePath} is missing); ./test.sh installs it (Debian package 'mosquitto').");
        }

        var directory = Directory.CreateTempSubdirectory("iot-fleet-mosquitto-").FullName;
        var port = FreeTcpPort();
        var conf = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"listener {port} 127.0.0.1")
            .AppendLine("allow_anonymous true")
            .AppendLine("persistence false")
            .AppendLine("max_queued_messages 100000")
            .AppendLine("log_dest stderr")
            .AppendLine("log_type error");
        if (Environment.IsPrivilegedProcess)
        {
            conf.AppendLine("user root");
        }

        var file = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllTextAsync(file, conf.ToString());
        var process = Process.Start(new ProcessStartInfo(ExecutablePath) { ArgumentList = { "-c", file }, RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("mosquitto did not start.");
        var broker = new MosquittoBroker(process, directory, port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited with code {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return broker;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean /tmp.
        }
    }
}
