using Microsoft.Extensions.Logging;
using Photon.Grains.Contracts;

namespace Photon.Grains.Delivery;

/// <summary>
/// The observers attached to one channel grain (see <see cref="IChannelObserver"/>) and the delivery to each: one
/// batch in flight per observer, in order, with whatever arrives meanwhile merged into the next batch.
/// </summary>
/// <remarks>
/// Used only on its grain's scheduler, so it needs no locks. An observer is never awaited by the publish path or
/// by the other observers: a slow one gets larger batches, one that falls more than <c>maxBacklog</c> messages
/// behind loses its backlog, and one whose delivery fails is dropped. Either way it finds out (a gap in the
/// sequence, or <see cref="ChannelAttachment.WasAttached"/> false at its next renewal) and repairs what it
/// missed from the channel's history, which already holds every message sent here.
/// </remarks>
internal sealed partial class AttachedObservers(string channel, TimeProvider time, TimeSpan lease, int maxBacklog, int maxBatchBytes, ILogger logger)
{
    private readonly Dictionary<GrainId, Link> _links = [];

    /// <summary>Attaches <paramref name="observer"/> or renews it; returns whether it was attached already.</summary>
    public bool Attach(IChannelObserver observer)
    {
        var now = time.GetTimestamp();
        DropExpired(now);
        if (_links.TryGetValue(observer.GetGrainId(), out var link))
        {
            link.RenewedAt = now;
            return true;
        }

        _links[observer.GetGrainId()] = new Link(observer, now);
        return false;
    }

    public void Detach(IChannelObserver observer)
    {
        if (_links.Remove(observer.GetGrainId(), out var link))
        {
            link.Pending.Clear();
            link.PendingCount = 0;
        }
    }

    /// <summary>Sends <paramref name="batch"/> to every attached observer after what each has pending; never waits.</summary>
    public void Push(ChannelEventBatch batch)
    {
        if (_links.Count == 0)
        {
            return;
        }

        DropExpired(time.GetTimestamp());
        foreach (var link in _links.Values)
        {
            if (link.PendingCount + batch.Count > maxBacklog)
            {
                Log.BacklogDropped(logger, channel, link.Observer.GetGrainId(), link.PendingCount);
                link.Pending.Clear();
                link.PendingCount = 0;
            }

            link.Pending.Enqueue(batch);
            link.PendingCount += batch.Count;
            if (link.Sending.IsCompleted)
            {
                link.Sending = SendAsync(link);
            }
        }
    }

    /// <summary>Completes when what is pending has been sent (or given up on).</summary>
    public Task DrainAsync() => Task.WhenAll(_links.Values.Select(link => link.Sending));

    private async Task SendAsync(Link link)
    {
        while (link.Pending.Count > 0)
        {
            var batch = TakeMerged(link);
            try
            {
                await link.Observer.DeliverAsync(batch).ConfigureAwait(true);
            }
            catch (Exception ex)
            {
                // Gone or stuck: it repairs from the history when it renews and learns it was dropped.
                Log.DeliveryFailed(logger, channel, link.Observer.GetGrainId(), ex);
                link.Pending.Clear();
                link.PendingCount = 0;
                if (_links.TryGetValue(link.Observer.GetGrainId(), out var current) && current == link)
                {
                    _links.Remove(link.Observer.GetGrainId());
                }

                return;
            }
        }
    }

    /// <summary>The pending batches that follow one another, as one batch of at most <c>maxBatchBytes</c> (one message more when it is larger alone).</summary>
    private ChannelEventBatch TakeMerged(Link link)
    {
        var first = link.Pending.Dequeue();
        if (link.Pending.Count == 0 || !Follows(first, link.Pending.Peek()))
        {
            link.PendingCount -= first.Count;
            return first;
        }

        var payloads = new List<byte[]>(first.Payloads);
        var bytes = BytesOf(first);
        var last = first;
        while (link.Pending.TryPeek(out var next) && Follows(last, next) && BytesOf(next) is var nextBytes && bytes + nextBytes <= maxBatchBytes)
        {
            link.Pending.Dequeue();
            payloads.AddRange(next.Payloads);
            bytes += nextBytes;
            last = next;
        }

        link.PendingCount -= payloads.Count;
        return first with { Payloads = [.. payloads] };
    }

    private static long BytesOf(ChannelEventBatch batch) => batch.Payloads.Sum(payload => (long)payload.Length);

    private static bool Follows(ChannelEventBatch before, ChannelEventBatch after) =>
        after.Epoch == before.Epoch && after.FirstSequence == before.FirstSequence + before.Count;

    private void DropExpired(long now)
    {
        foreach (var (id, link) in _links)
        {
            if (time.GetElapsedTime(link.RenewedAt, now) > lease)
            {
                Log.LeaseLapsed(logger, channel, id, lease);
                _links.Remove(id);
            }
        }
    }

    private sealed class Link(IChannelObserver observer, long renewedAt)
    {
        public IChannelObserver Observer => observer;

        public long RenewedAt { get; set; } = renewedAt;

        public Queue<ChannelEventBatch> Pending { get; } = new();

        /// <summary>How many messages <see cref="Pending"/> holds.</summary>
        public int PendingCount { get; set; }

        public Task Sending { get; set; } = Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Channel {Channel}: observer {Observer} fell {Count} messages behind; dropped them (it repairs from the history)")]
        public static partial void BacklogDropped(ILogger logger, string channel, GrainId observer, int count);

        [LoggerMessage(2, LogLevel.Information, "Channel {Channel}: delivering to observer {Observer} failed; detached it until it renews")]
        public static partial void DeliveryFailed(ILogger logger, string channel, GrainId observer, Exception exception);

        [LoggerMessage(3, LogLevel.Information, "Channel {Channel}: observer {Observer} did not renew within {Lease}; detached it")]
        public static partial void LeaseLapsed(ILogger logger, string channel, GrainId observer, TimeSpan lease);
    }
}
