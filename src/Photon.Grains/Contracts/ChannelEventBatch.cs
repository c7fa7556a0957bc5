using Photon.Channels;

namespace Photon.Grains.Contracts;

/// <summary>
/// Consecutive messages of one channel: what a channel grain puts on its streams and returns from its history.
/// Positions are implicit (<see cref="FirstSequence"/> + index), so a batch carries the channel name once and
/// no per-message metadata.
/// </summary>
/// <param name="Channel">The channel the messages belong to.</param>
/// <param name="Epoch">The channel's epoch when they were stamped.</param>
/// <param name="FirstSequence">The sequence number of <c>Payloads[0]</c>.</param>
/// <param name="Payloads">The UTF-8 JSON of each message.</param>
[GenerateSerializer, Immutable, Alias("photon.ChannelEventBatch")]
public sealed record ChannelEventBatch(
    [property: Id(0)] string Channel,
    [property: Id(1)] long Epoch,
    [property: Id(2)] long FirstSequence,
    [property: Id(3)] byte[][] Payloads)
{
    /// <summary>How many messages the batch holds.</summary>
    public int Count => Payloads.Length;

    /// <summary>The position of the message at <paramref name="index"/>.</summary>
    public ChannelPosition PositionAt(int index) => new(Epoch, FirstSequence + index);

    /// <summary>The position of the last message; meaningless for an empty batch.</summary>
    public ChannelPosition Last => PositionAt(Count - 1);
}
