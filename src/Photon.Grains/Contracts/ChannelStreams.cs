using Orleans.Runtime;
using Photon.Channels;

namespace Photon.Grains.Contracts;

/// <summary>
/// The Orleans streams that carry channel messages to wildcard subscribers. Every channel grain publishes each
/// batch to its <c>prefix:*</c> pattern's stream and to <c>*</c>; gateways subscribe once each to the patterns
/// their local subscribers need, so wildcards need no index of channels (Orleans gives clients no wildcard
/// subscriptions of their own). Exact-channel subscribers get their messages from the grain directly
/// (<see cref="IChannelObserver"/>), not through a stream.
/// </summary>
public static class ChannelStreams
{
    /// <summary>The name of the stream provider.</summary>
    public const string ProviderName = "photon";

    /// <summary>The stream namespace of patterns (<c>prefix:*</c> and <c>*</c>), keyed by the pattern.</summary>
    public const string PatternNamespace = "photon.pattern";

    /// <summary>The stream that carries what the wildcard <paramref name="pattern"/> matches.</summary>
    /// <exception cref="ArgumentException"><paramref name="pattern"/> is a single channel: those have no stream.</exception>
    public static StreamId For(ChannelPattern pattern) => pattern.IsWildcard
        ? StreamId.Create(PatternNamespace, pattern.Value)
        : throw new ArgumentException($"{pattern.Value} is a single channel: its messages come from its grain (IChannelObserver), not a stream", nameof(pattern));

    /// <summary>Every stream a message on <paramref name="channel"/> is published to: the patterns that match it.</summary>
    public static IEnumerable<StreamId> PublishedTo(string channel)
    {
        if (ChannelPattern.PrefixPatternOf(channel) is { } prefixPattern)
        {
            yield return StreamId.Create(PatternNamespace, prefixPattern);
        }

        yield return StreamId.Create(PatternNamespace, ChannelPattern.AllChannels);
    }
}
