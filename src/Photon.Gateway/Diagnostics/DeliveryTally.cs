using Photon.Gateway.Fanout;

namespace Photon.Gateway.Diagnostics;

/// <summary>
/// What a connection's writer wrote in one pass, handed to <see cref="GatewayMetrics.Delivered"/> once per flush so
/// that counting costs one counter update per write, not one per message.
/// </summary>
internal struct DeliveryTally
{
    /// <summary>Messages written.</summary>
    public int Count { get; private set; }

    /// <summary>The first message written that was live (not replayed from history): the one whose latency is recorded.</summary>
    public ChannelDelivery? FirstLive { get; private set; }

    /// <summary>Notes a written queue item: a message (live or <paramref name="replayed"/>), or a frame of the transport's own when <paramref name="delivery"/> is null.</summary>
    public void Add(ChannelDelivery? delivery, bool replayed)
    {
        if (delivery is null)
        {
            return;
        }

        Count++;
        if (!replayed)
        {
            FirstLive ??= delivery;
        }
    }
}
