using System.IO.Ports;
using Microsoft.Extensions.Logging;

namespace Iot.Edge.Drivers.Internal;

/// <summary>
/// Keeps a serial port open until cancelled: opens it, hands it to <c>session</c>, and reopens it with a capped
/// backoff when it fails or vanishes (a USB adapter unplugged, a PTY closed).
/// </summary>
internal static partial class SerialReadLoop
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(
        SerialSettings settings,
        string deviceId,
        TimeProvider time,
        ILogger logger,
        Func<SerialPort, CancellationToken, Task> session,
        CancellationToken cancellationToken)
    {
        var backoff = FirstBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var port = SerialLink.Open(settings, deviceId);
                LogOpened(logger, deviceId, settings.Port);
                backoff = FirstBackoff;

                // Closing the port is what unblocks a pending read on cancellation.
                await using (cancellationToken.Register(static p => SerialLink.Close((SerialPort)p!), port))
                {
                    await session(port, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ObjectDisposedException or TimeoutException or ArgumentException)
            {
                LogPortFailed(logger, deviceId, settings.Port, backoff.TotalSeconds, ex.Message);
            }

            try
            {
                await Task.Delay(backoff, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    [LoggerMessage(EventId = 4500, Level = LogLevel.Information, Message = "Device {DeviceId}: serial port {Port} open")]
    private static partial void LogOpened(ILogger logger, string deviceId, string port);

    [LoggerMessage(EventId = 4501, Level = LogLevel.Warning, Message = "Device {DeviceId}: serial port {Port} failed, reopening in {Seconds} s: {Reason}")]
    private static partial void LogPortFailed(ILogger logger, string deviceId, string port, double seconds, string reason);
}
