using Photon.Channels;

namespace Photon.Grains.Contracts;

/// <summary>The answer to <see cref="IChannelGrain.AttachAsync"/>.</summary>
/// <param name="Head">The channel's latest position: messages after it go to the observer.</param>
/// <param name="WasAttached">
/// Whether the observer was already attached. An observer that believed it was and finds it was not (the grain was
/// reactivated, or it dropped the observer after failed deliveries) may have missed messages up to <see cref="Head"/>.
/// </param>
[GenerateSerializer, Immutable, Alias("photon.ChannelAttachment")]
public sealed record ChannelAttachment(
    [property: Id(0)] ChannelPosition Head,
    [property: Id(1)] bool WasAttached);
