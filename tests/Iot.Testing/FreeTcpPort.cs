using System.Net;
using System.Net.Sockets;

namespace Iot.Testing;

/// <summary>A loopback TCP port the OS just handed out and released, for a server a test starts.</summary>
public static class FreeTcpPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
