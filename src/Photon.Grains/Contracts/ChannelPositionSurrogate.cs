using Photon.Channels;

namespace Photon.Grains.Contracts;

/// <summary>Lets <see cref="ChannelPosition"/>, which lives in the Orleans-free client library, cross grain calls.</summary>
[GenerateSerializer, Immutable, Alias("photon.ChannelPosition")]
public readonly record struct ChannelPositionSurrogate(
    [property: Id(0)] long Epoch,
    [property: Id(1)] long Sequence);

/// <summary>Converts <see cref="ChannelPosition"/> to and from its surrogate.</summary>
[RegisterConverter]
public sealed class ChannelPositionSurrogateConverter : IConverter<ChannelPosition, ChannelPositionSurrogate>
{
    /// <inheritdoc />
    public ChannelPosition ConvertFromSurrogate(in ChannelPositionSurrogate surrogate) => new(surrogate.Epoch, surrogate.Sequence);

    /// <inheritdoc />
    public ChannelPositionSurrogate ConvertToSurrogate(in ChannelPosition value) => new(value.Epoch, value.Sequence);
}
