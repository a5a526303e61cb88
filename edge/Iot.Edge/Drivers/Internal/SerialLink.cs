using System.IO.Ports;

namespace Iot.Edge.Drivers.Internal;

/// <summary>Opens a <see cref="SerialPort"/> from <see cref="SerialSettings"/>; bad settings fail at driver creation.</summary>
internal static class SerialLink
{
    private static readonly Lock CloseLock = new();

    /// <summary>Checks the settings once, so that a bad parity or stop-bits value fails at start, not at the first open.</summary>
    public static void Validate(SerialSettings settings, string deviceId)
    {
        _ = ParseParity(settings, deviceId);
        _ = ParseStopBits(settings, deviceId);
        if (string.IsNullOrWhiteSpace(settings.Port))
        {
            throw new EdgeConfigException($"Device '{deviceId}': Serial:Port is required.");
        }

        if (settings.BaudRate <= 0 || settings.DataBits is < 5 or > 8)
        {
            throw new EdgeConfigException($"Device '{deviceId}': Serial:BaudRate must be positive and Serial:DataBits between 5 and 8.");
        }
    }

    public static SerialPort Open(SerialSettings settings, string deviceId)
    {
        var port = new SerialPort(settings.Port, settings.BaudRate, ParseParity(settings, deviceId), settings.DataBits, ParseStopBits(settings, deviceId))
        {
            Handshake = Handshake.None,
            ReadTimeout = SerialPort.InfiniteTimeout,
            WriteTimeout = 2000,
            NewLine = "\r\n",
        };
        try
        {
            port.Open();
        }
        catch
        {
            port.Dispose();
            throw;
        }

        return port;
    }

    /// <summary>
    /// Closes <paramref name="port"/> unless it is closed already. Every close goes through here: two threads closing the
    /// same port at once (the cancellation callback and a session ending) made System.IO.Ports' SerialPort.Dispose call
    /// Flush on a stream whose handle the other had just released (a NullReferenceException out of SerialPort.Close).
    /// </summary>
    public static void Close(SerialPort port)
    {
        ArgumentNullException.ThrowIfNull(port);
        lock (CloseLock)
        {
            if (port.IsOpen)
            {
                port.Close();
            }
        }
    }

    private static Parity ParseParity(SerialSettings settings, string deviceId) =>
        Enum.TryParse<Parity>(settings.Parity, ignoreCase: true, out var parity) && Enum.IsDefined(parity)
            ? parity
            : throw new EdgeConfigException($"Device '{deviceId}': Serial:Parity '{settings.Parity}' is not one of None, Odd, Even, Mark, Space.");

    private static StopBits ParseStopBits(SerialSettings settings, string deviceId) =>
        Enum.TryParse<StopBits>(settings.StopBits, ignoreCase: true, out var stopBits) && Enum.IsDefined(stopBits) && stopBits != StopBits.None
            ? stopBits
            : throw new EdgeConfigException($"Device '{deviceId}': Serial:StopBits '{settings.StopBits}' is not one of One, OnePointFive, Two.");
}
