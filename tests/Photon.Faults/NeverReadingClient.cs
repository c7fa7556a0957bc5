using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Photon.Faults;

/// <summary>
/// A subscriber that connects, asks for a channel and never reads a byte: over raw HTTP (an event stream) or
/// the daemon's Unix socket. Its receive buffer is made small, so that what the kernel holds for it does not
/// hide how much the gateway queues.
/// </summary>
internal sealed class NeverReadingClient(string name, Socket socket) : IDisposable
{
    private const int ReceiveBufferBytes = 4096;

    public string Name => name;

    public static async Task<NeverReadingClient> OpenEventStreamAsync(Uri gateway, string channel)
    {
        var socket = Open(AddressFamily.InterNetwork, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(gateway.Host), gateway.Port));
        var request = $"GET /subscribe?channel={Uri.EscapeDataString(channel)} HTTP/1.1\r\nHost: {gateway.Authority}\r\nAccept: text/event-stream\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        return new NeverReadingClient("never-reader-sse", socket);
    }

    public static async Task<NeverReadingClient> OpenDaemonAsync(string socketPath, string channel)
    {
        var socket = Open(AddressFamily.Unix, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        var request = $$"""{"type":"subscribe","id":"never","channel":"{{channel}}","clientType":"photon"}""" + "\n";
        await socket.SendAsync(Encoding.UTF8.GetBytes(request));
        return new NeverReadingClient("never-reader-socket", socket);
    }

    /// <summary>
    /// Reads, at last, what is buffered: true when the gateway had closed the connection (it ends, or was
    /// reset), false when it is still open and nothing more came for <paramref name="quiet"/>.
    /// </summary>
    public async Task<bool> WasDisconnectedAsync(TimeSpan quiet)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var timeout = new CancellationTokenSource(quiet);
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => socket.Dispose();

    private static Socket Open(AddressFamily family, ProtocolType protocol) =>
        new(family, SocketType.Stream, protocol) { ReceiveBufferSize = ReceiveBufferBytes };
}
