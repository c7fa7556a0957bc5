using Photon.Grains.Idempotency;

namespace Photon.Grains.History;

/// <summary>
/// Where a channel's position and recent history survive the grain: registered when the cluster has Redis, so
/// that a channel keeps its epoch and history across silo restarts and grain moves.
/// </summary>
public interface IChannelStore
{
    /// <summary>The channel's saved epoch, last sequence and most recent payloads (at most <paramref name="maxCount"/>), or null for a new channel.</summary>
    Task<ChannelSnapshot?> LoadAsync(string channel, int maxCount);

    /// <summary>
    /// Saves the channel's epoch and appends <paramref name="payloads"/>, the messages from <paramref name="firstSequence"/>
    /// on, keeping the last <paramref name="maxCount"/>, together with the idempotency keys of those messages: all or nothing.
    /// </summary>
    Task AppendAsync(string channel, long epoch, long firstSequence, IReadOnlyList<byte[]> payloads, int maxCount, IReadOnlyList<IdempotencyRecord> idempotencyKeys);
}

/// <summary>What <see cref="IChannelStore.LoadAsync"/> finds.</summary>
/// <param name="Epoch">The channel's epoch.</param>
/// <param name="Sequence">The sequence of its last message.</param>
/// <param name="Payloads">Its most recent messages, oldest first, ending at <paramref name="Sequence"/>.</param>
/// <param name="IdempotencyKeys">The idempotency keys still within their window, oldest first.</param>
public sealed record ChannelSnapshot(long Epoch, long Sequence, IReadOnlyList<byte[]> Payloads, IReadOnlyList<IdempotencyRecord> IdempotencyKeys);
