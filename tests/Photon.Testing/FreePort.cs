using System.Net;
using System.Net.Sockets;

namespace Photon.Testing;

/// <summary>Loopback ports nobody listens on, for servers the tests start themselves.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
