using System.Diagnostics;

namespace Iot.Simulators.Serial;

/// <summary>
/// Two connected pseudo-terminals made by <c>socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B</c>: a simulator
/// opens <see cref="DevicePath"/>, the driver under test opens <see cref="HostPath"/> as its serial port. socat is
/// killed on dispose.
/// </summary>
public sealed class PtyPair : IAsyncDisposable
{
    private readonly Process _socat;
    private readonly string _directory;

    private PtyPair(Process socat, string directory, string devicePath, string hostPath)
    {
        _socat = socat;
        _directory = directory;
        DevicePath = devicePath;
        HostPath = hostPath;
    }

    /// <summary>The end the simulated device writes to and reads from.</summary>
    public string DevicePath { get; }

    /// <summary>The end the edge agent opens as its serial port.</summary>
    public string HostPath { get; }

    /// <summary>Starts socat and waits (up to <paramref name="timeout"/>, default 10 s) until both links exist.</summary>
    public static async Task<PtyPair> StartAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var directory = Directory.CreateTempSubdirectory("iot-pty-").FullName;
        var device = Path.Combine(directory, "device");
        var host = Path.Combine(directory, "host");
        var start = new ProcessStartInfo("socat")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-d", "-d", $"pty,raw,echo=0,link={device}", $"pty,raw,echo=0,link={host}" })
        {
            start.ArgumentList.Add(arg);
        }

        Process socat;
        try
        {
            socat = Process.Start(start) ?? throw new InvalidOperationException("socat did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("socat is not installed (Debian package 'socat')", ex);
        }

        // Drain socat's diagnostics so that it never blocks on a full pipe.
        socat.ErrorDataReceived += static (_, _) => { };
        socat.OutputDataReceived += static (_, _) => { };
        socat.BeginErrorReadLine();
        socat.BeginOutputReadLine();

        var pair = new PtyPair(socat, directory, device, host);
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        while (!(File.Exists(device) && File.Exists(host)))
        {
            if (socat.HasExited || deadline.Elapsed > limit)
            {
                await pair.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"socat did not create the pseudo-terminal links within {limit.TotalSeconds} s");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false); // polling for a file that socat creates
        }

        return pair;
    }

    /// <summary>Opens the device end for the simulator (read and write, unbuffered, cancellable: see <see cref="PtyStream"/>).</summary>
    public PtyStream OpenDevice() => OpenPort(DevicePath);

    /// <summary>Opens a PTY path (from <see cref="DevicePath"/> or a <c>--port</c> argument) as a stream.</summary>
    public static PtyStream OpenPort(string path) => new(path);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_socat.HasExited)
            {
                _socat.Kill();
                await _socat.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // Already gone.
        }

        _socat.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // socat may still be removing its links.
        }
    }
}
