namespace Photon.Gateway.Fanout;

/// <summary>
/// A local end client of the gateway (an SSE stream, a socket connection) as the fan-out sees it.
/// </summary>
internal interface IChannelSubscriber
{
    /// <summary>Whether the subscriber has settled where it starts and now receives live messages.</summary>
    bool IsLive { get; }

    /// <summary>
    /// Hands over a message. Must not block: a subscriber that cannot take it queues it or, when its bounded
    /// queue is full, disconnects itself as too slow. Called concurrently from the streams of several channels.
    /// </summary>
    void Deliver(ChannelDelivery delivery);
}
