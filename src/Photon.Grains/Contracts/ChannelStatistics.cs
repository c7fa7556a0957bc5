using Photon.Channels;

namespace Photon.Grains.Contracts;

/// <summary>One active channel as the <see cref="IChannelDirectoryGrain"/> knows it.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Subscribers">Subscribers across every gateway that receive it: of the channel itself, of its <c>prefix:*</c> and of <c>*</c>.</param>
/// <param name="Head">Its latest position as last reported, or null when nothing was published in the current window.</param>
/// <param name="MessagesPerSecond">Its recent publish rate; 0 when nothing was reported.</param>
[GenerateSerializer, Immutable, Alias("photon.ChannelStatistics")]
public sealed record ChannelStatistics(
    [property: Id(0)] string Channel,
    [property: Id(1)] SubscriberCounts Subscribers,
    [property: Id(2)] ChannelPosition? Head,
    [property: Id(3)] double MessagesPerSecond)
{
    /// <summary>Messages published in the channel's current epoch (its head's sequence); 0 when unknown.</summary>
    public long Published => Head?.Sequence ?? 0;
}
