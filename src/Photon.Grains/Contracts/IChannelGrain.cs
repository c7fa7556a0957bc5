using Photon.Channels;

namespace Photon.Grains.Contracts;

/// <summary>
/// One channel, keyed by its name. It stamps each message with the channel's next position, keeps a bounded
/// history for resuming subscribers, and fans messages out: straight to the attached observers (gateways with
/// subscribers of this channel, see <see cref="IChannelObserver"/>) and through the pattern streams to wildcard
/// subscribers (see <see cref="ChannelStreams"/>).
/// </summary>
[Alias("photon.IChannelGrain")]
public interface IChannelGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stamps <paramref name="payload"/> (the UTF-8 JSON of the message, normalised by the caller) with the next
    /// position and queues it for delivery. Returns as soon as the message is stamped and in the history; it
    /// never waits for delivery, so thousands of concurrent publishes do not queue behind one another's fan-out.
    /// </summary>
    /// <exception cref="ArgumentException">The grain's key is not a valid channel name, or the payload is empty or too large.</exception>
    [Alias("publish")]
    ValueTask<ChannelPosition> PublishAsync([Immutable] byte[] payload);

    /// <summary>
    /// Publishes like <see cref="PublishAsync"/> unless <paramref name="idempotencyKey"/> was already used on this
    /// channel within the idempotency window (<see cref="ChannelGrainOptions.IdempotencyWindow"/>): then nothing is
    /// published and the original message's position is returned, once the original is stored. A retried request
    /// therefore publishes once, whichever gateway it reaches.
    /// </summary>
    /// <param name="idempotencyKey">The publisher's key for the request (an <c>Idempotency-Key</c>, a webhook delivery id).</param>
    /// <param name="fingerprint">A hash of the request as the publisher sent it: a key reused for a different request is reported, not answered as a duplicate.</param>
    /// <param name="payload">The message, as for <see cref="PublishAsync"/>.</param>
    /// <exception cref="ArgumentException">As for <see cref="PublishAsync"/>, or the key is empty.</exception>
    [Alias("publish-once")]
    ValueTask<ChannelPublishResult> PublishOnceAsync(string idempotencyKey, long fingerprint, [Immutable] byte[] payload);

    /// <summary>
    /// The messages after <paramref name="after"/>, oldest first, at most <paramref name="maxCount"/>; or a gap
    /// when the history no longer covers them.
    /// </summary>
    [Alias("since")]
    ValueTask<ChannelReplay> GetSinceAsync(ChannelPosition after, int maxCount);

    /// <summary>The position of the channel's latest message (sequence 0 before the first).</summary>
    [Alias("head")]
    ValueTask<ChannelPosition> GetHeadAsync();

    /// <summary>
    /// Attaches <paramref name="observer"/>, or renews its attachment: every message stamped after this returns is
    /// delivered to it, in order. An attachment not renewed within <c>ObserverLeaseTime</c> lapses, and one whose
    /// deliveries fail is dropped, so an observer renews well within the lease and repairs from the history when
    /// <see cref="ChannelAttachment.WasAttached"/> says it had been dropped.
    /// </summary>
    [Alias("attach")]
    ValueTask<ChannelAttachment> AttachAsync(IChannelObserver observer);

    /// <summary>Stops delivering to <paramref name="observer"/>.</summary>
    [Alias("detach")]
    ValueTask DetachAsync(IChannelObserver observer);
}
