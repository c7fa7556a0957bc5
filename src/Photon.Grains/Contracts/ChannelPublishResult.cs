using Photon.Channels;

namespace Photon.Grains.Contracts;

/// <summary>The answer to <see cref="IChannelGrain.PublishOnceAsync"/>.</summary>
/// <param name="Position">The message's position: the new one, or the original's when the key was seen before.</param>
/// <param name="Outcome">Whether this call published, or found the key already used.</param>
[GenerateSerializer, Immutable, Alias("photon.ChannelPublishResult")]
public sealed record ChannelPublishResult(
    [property: Id(0)] ChannelPosition Position,
    [property: Id(1)] PublishOnceOutcome Outcome);

/// <summary>What <see cref="IChannelGrain.PublishOnceAsync"/> did with a message.</summary>
[GenerateSerializer, Alias("photon.PublishOnceOutcome")]
public enum PublishOnceOutcome
{
    /// <summary>The key was new: the message was stamped and stored.</summary>
    Published = 0,

    /// <summary>The key was used before for the same request: nothing was published, the position is the original's.</summary>
    Duplicate = 1,

    /// <summary>The key was used before for a different request (its fingerprint differs): nothing was published.</summary>
    KeyReused = 2,
}
