namespace Photon.Grains.Contracts;

/// <summary>The answer to <see cref="IChannelDirectoryGrain.GetChannelsAsync"/>, each list sorted by name (ordinal).</summary>
/// <param name="Channels">The active channels.</param>
/// <param name="Patterns">The wildcard subscriptions someone holds.</param>
[GenerateSerializer, Immutable, Alias("photon.ChannelListing")]
public sealed record ChannelListing(
    [property: Id(0)] ChannelStatistics[] Channels,
    [property: Id(1)] PatternStatistics[] Patterns);
