using Photon.Gateway.Fanout;

namespace Photon.Benchmarks;

/// <summary>
/// A gateway subscriber with the real bounded queue (<see cref="QueuedSubscriber"/>, the gateway's default bounds)
/// and an SSE connection's frame size, whose "client" is <see cref="Drain"/>: no socket, no writer task.
/// </summary>
internal sealed class DrainedSubscriber() : QueuedSubscriber(maxMessages: 4096, maxBytes: 16 * 1024 * 1024, holdAll: false)
{
    /// <summary>Takes everything queued, as a connection's writer loop does (without writing it anywhere).</summary>
    /// <returns>The bytes taken.</returns>
    public long Drain()
    {
        if (HasOverflowed)
        {
            throw new InvalidOperationException("the benchmark subscriber overflowed: the measurement would be of a closed queue");
        }

        long bytes = 0;
        while (Queue.TryRead(out var item))
        {
            bytes += item.Delivery!.SseFrame.Length;
            Written(item);
        }

        return bytes;
    }

    protected override int FrameSize(ChannelDelivery delivery) => delivery.SseFrame.Length;
}
