using Orleans.Runtime;
using Photon.Channels;

namespace Photon.Grains.Contracts;

/// <summary>
/// The Orleans streams a channel's messages travel on. Every channel grain publishes each batch to up to three
/// streams: its own, its <c>prefix:*</c> pattern's, and <c>*</c>. Gateways subscribe once each to the streams
/// their local subscribers need, so wildcards need no index of channels (Orleans gives clients no wildcard
/// subscriptions of their own).
/// </summary>
public static class ChannelStreams
{
    /// <summary>The name of the stream provider.</summary>
    public const string ProviderName = "photon";

    /// <summary>The stream namespace of single channels, keyed by channel name.</summary>
    public const string ChannelNamespace = "photon.channel";

    /// <summary>The stream namespace of patterns (<c>prefix:*</c> and <c>*</c>), keyed by the pattern.</summary>
    public const string PatternNamespace = "photon.pattern";

    /// <summary>The stream that carries what <paramref name="pattern"/> matches.</summary>
    public static StreamId For(ChannelPattern pattern) => pattern.IsWildcard
        ? StreamId.Create(PatternNamespace, pattern.Value)
        : StreamId.Create(ChannelNamespace, pattern.Value);

    /// <summary>Every stream a message on <paramref name="channel"/> is published to.</summary>
    public static IEnumerable<StreamId> PublishedTo(string channel)
    {
        yield return StreamId.Create(ChannelNamespace, channel);
        if (ChannelPattern.PrefixPatternOf(channel) is { } prefixPattern)
        {
            yield return StreamId.Create(PatternNamespace, prefixPattern);
        }

        yield return StreamId.Create(PatternNamespace, ChannelPattern.AllChannels);
    }
}
