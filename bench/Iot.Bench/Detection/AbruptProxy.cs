using System.Net;
using System.Net.Sockets;

namespace Iot.Bench.Detection;

/// <summary>
/// A TCP relay in front of the hub's broker for one client. <see cref="Kill"/> resets both sockets (linger 0), as a
/// power cut or a dead 4G link would: the broker sees the connection die without an MQTT DISCONNECT.
/// </summary>
internal sealed class AbruptProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private Socket? _client;
    private Socket? _server;
    private readonly Task? _relay;
    private int _killed;

    public AbruptProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _relay = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Resets the connection on both sides; returns the instant (Unix ms) it happened.</summary>
    public long Kill()
    {
        var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (Interlocked.Exchange(ref _killed, 1) == 1)
        {
            return at;
        }

        foreach (var socket in new[] { _server, _client })
        {
            if (socket is not null)
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
        }

        return at;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Kill();
        if (_relay is not null)
        {
            try
            {
                await _relay;
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
            {
                // The relay ends with the sockets.
            }
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        _client = await _listener.AcceptSocketAsync(_stop.Token);
        _server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await _server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
        await Task.WhenAny(PumpAsync(_client, _server), PumpAsync(_server, _client));
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Killed.
        }
    }
}
