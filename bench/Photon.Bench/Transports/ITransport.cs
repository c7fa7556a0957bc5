using Photon.Bench.Measuring;

namespace Photon.Bench.Transports;

/// <summary>One way of publishing to and subscribing on channels: ours through the gateway, or a peer's.</summary>
internal interface ITransport : IAsyncDisposable
{
    /// <summary>The name in the table: <c>sse</c>, <c>socket</c>, <c>redis-bridge</c>, <c>orleans</c>, <c>redis</c>, <c>nchan</c>.</summary>
    string Name { get; }

    /// <summary>A peer (raw Redis pub/sub, nchan) that ours is compared with, rather than ours.</summary>
    bool IsPeer { get; }

    /// <summary>The server whose CPU and memory the table reports for this transport.</summary>
    ServerProcess Server { get; }

    /// <summary>
    /// Opens one subscriber connection on <paramref name="channel"/> whose every received byte goes through
    /// <paramref name="scanner"/>. The subscription may become live a little later: scenarios wait for a warm-up message.
    /// </summary>
    Task<IAsyncDisposable> SubscribeAsync(string channel, LatencyScanner scanner, CancellationToken cancellationToken);

    /// <summary>One publishing client; it may be used by several tasks at once.</summary>
    Task<IMessagePublisher> ConnectPublisherAsync(CancellationToken cancellationToken);
}
