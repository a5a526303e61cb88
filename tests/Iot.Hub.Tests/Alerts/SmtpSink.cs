using System.Diagnostics;
using System.Net.Sockets;
using Iot.Testing;
using MimeKit;

namespace Iot.Hub.Tests.Alerts;

/// <summary>
/// A real SMTP server: Debian's <c>python3 -m aiosmtpd</c> with its Maildir handler, on a free loopback port. Fails, never
/// skips, when aiosmtpd is missing (./test.sh installs python3-aiosmtpd).
/// </summary>
internal sealed class SmtpSink : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly Process _process;

    private SmtpSink(Process process, int port, string directory)
    {
        _process = process;
        Port = port;
        Directory = directory;
    }

    public int Port { get; }

    public string Directory { get; }

    public static async Task<SmtpSink> StartAsync()
    {
        var port = FreeTcpPort.Next();
        var dir = System.IO.Directory.CreateTempSubdirectory("iot-smtp-test-").FullName;
        var maildir = Path.Combine(dir, "maildir");
        var start = new ProcessStartInfo(Python)
        {
            ArgumentList = { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start aiosmtpd");
        var sink = new SmtpSink(process, port, maildir);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            if (process.HasExited)
            {
                var error = await process.StandardError.ReadToEndAsync();
                throw new InvalidOperationException($"aiosmtpd exited ({process.ExitCode}): {error} — ./test.sh installs python3-aiosmtpd");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return sink;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>The messages received so far.</summary>
    public List<MimeMessage> Messages()
    {
        var list = new List<MimeMessage>();
        foreach (var sub in (string[])["new", "cur"])
        {
            var path = Path.Combine(Directory, sub);
            if (!System.IO.Directory.Exists(path))
            {
                continue;
            }

            foreach (var file in System.IO.Directory.GetFiles(path))
            {
                list.Add(MimeMessage.Load(file));
            }
        }

        return list;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Path.GetDirectoryName(Directory)!, recursive: true);
        }
        catch (IOException)
        {
            // /tmp is cleaned by the OS.
        }
    }
}
