using Photon.Channels;

namespace Photon.Grains.Contracts;

/// <summary>The answer to <see cref="IChannelGrain.GetSinceAsync"/>.</summary>
/// <param name="Head">The channel's latest position when the answer was made.</param>
/// <param name="Events">The messages after the requested position, oldest first; after a gap, the oldest messages still held.</param>
/// <param name="GapReason">Why the history cannot cover the request (a <see cref="ChannelGap"/> reason), or <see langword="null"/>.</param>
[GenerateSerializer, Immutable, Alias("photon.ChannelReplay")]
public sealed record ChannelReplay(
    [property: Id(0)] ChannelPosition Head,
    [property: Id(1)] ChannelEventBatch Events,
    [property: Id(2)] string? GapReason)
{
    /// <summary>Whether messages were lost for the requester.</summary>
    public bool IsGap => GapReason is not null;

    /// <summary>Whether <see cref="Events"/> reaches <see cref="Head"/>; otherwise ask again after its last message.</summary>
    public bool IsComplete => Events.Count == 0 || Events.Last == Head;
}
