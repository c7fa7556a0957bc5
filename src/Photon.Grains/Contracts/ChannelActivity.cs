using Photon.Channels;

namespace Photon.Grains.Contracts;

/// <summary>What a channel grain reports to the <see cref="IChannelDirectoryGrain"/> while it is being published to.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Head">The position of its latest message; its sequence counts the messages of the epoch.</param>
/// <param name="MessagesPerSecond">Messages per second over the channel's rate window (see <c>Photon:Statistics:RateWindow</c>).</param>
[GenerateSerializer, Immutable, Alias("photon.ChannelActivity")]
public sealed record ChannelActivity(
    [property: Id(0)] string Channel,
    [property: Id(1)] ChannelPosition Head,
    [property: Id(2)] double MessagesPerSecond);
