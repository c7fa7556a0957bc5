using System.Net.Sockets;
using Photon.Bench.Measuring;
using Photon.Channels.Daemon;

namespace Photon.Bench.Transports;

/// <summary>Ours over the daemon Unix socket: a raw line reader per subscriber, a pipelined socket publisher.</summary>
internal sealed class GatewaySocketTransport(string socketPath, ServerProcess gateway) : ITransport
{
    private const int MaxConnectAttempts = 20;

    public string Name => "socket";

    public bool IsPeer => false;

    public ServerProcess Server => gateway;

    public async Task<IAsyncDisposable> SubscribeAsync(string channel, LatencyScanner scanner, CancellationToken cancellationToken)
    {
        var socket = await ConnectAsync(cancellationToken);
        var stream = new NetworkStream(socket, ownsSocket: true);
        await stream.WriteAsync(DaemonProtocol.Subscribe("s", channel, lastEventId: null), cancellationToken);
        return new StreamSubscription(stream, owner: null, scanner);
    }

    /// <summary>
    /// Connects, trying again while the listen backlog is full: a Unix socket refuses with EAGAIN rather than
    /// queueing the connect, as happened when 1,000 subscribers connected to a gateway busy from earlier scenarios.
    /// </summary>
    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return socket;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.TryAgain && attempt < MaxConnectAttempts)
            {
                socket.Dispose();
                await Task.Delay(TimeSpan.FromMilliseconds(10 * attempt), cancellationToken);
            }
        }
    }

    public async Task<IMessagePublisher> ConnectPublisherAsync(CancellationToken cancellationToken) =>
        await SocketMessagePublisher.ConnectAsync(socketPath, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
