using System.Net;
using System.Net.Sockets;
using System.Text;
using Photon.Bench.Measuring;

namespace Photon.Bench.Transports;

/// <summary>
/// A raw Redis subscriber: its own TCP connection, an inline <c>SUBSCRIBE</c>, then every pushed byte to the scanner.
/// One connection per subscriber, as for the other transports (a multiplexer would receive each message once for all).
/// </summary>
internal static class RedisSubscription
{
    public static async Task<IAsyncDisposable> OpenAsync(IPEndPoint redis, string redisChannel, LatencyScanner scanner, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(redis, cancellationToken);
        var stream = new NetworkStream(socket, ownsSocket: true);
        var name = Encoding.UTF8.GetBytes(redisChannel);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"*2\r\n$9\r\nSUBSCRIBE\r\n${name.Length}\r\n"), cancellationToken);
        await stream.WriteAsync(name, cancellationToken);
        await stream.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
        return new StreamSubscription(stream, owner: null, scanner);
    }
}
