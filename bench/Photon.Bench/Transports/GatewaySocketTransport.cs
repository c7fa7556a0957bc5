using System.Net.Sockets;
using Photon.Bench.Measuring;
using Photon.Channels.Daemon;

namespace Photon.Bench.Transports;

/// <summary>Ours over the daemon Unix socket: a raw line reader per subscriber, a pipelined socket publisher.</summary>
internal sealed class GatewaySocketTransport(string socketPath, ServerProcess gateway) : ITransport
{
    public string Name => "socket";

    public bool IsPeer => false;

    public ServerProcess Server => gateway;

    public async Task<IAsyncDisposable> SubscribeAsync(string channel, LatencyScanner scanner, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
        var stream = new NetworkStream(socket, ownsSocket: true);
        await stream.WriteAsync(DaemonProtocol.Subscribe("s", channel, lastEventId: null), cancellationToken);
        return new StreamSubscription(stream, owner: null, scanner);
    }

    public async Task<IMessagePublisher> ConnectPublisherAsync(CancellationToken cancellationToken) =>
        await SocketMessagePublisher.ConnectAsync(socketPath, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
