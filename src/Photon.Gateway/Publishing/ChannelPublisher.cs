using System.Buffers;
using Photon.Channels;
using Photon.Channels.Wire;
using Photon.Grains.Contracts;

namespace Photon.Gateway.Publishing;

/// <summary>
/// Validates a message from any transport, normalises its JSON once, and hands it to its channel grain. Every
/// bridge publishes through here, so the rules are the same on every transport.
/// </summary>
internal sealed class ChannelPublisher(IGrainFactory grains, TimeProvider time)
{
    /// <summary>Publishes the UTF-8 JSON message in <paramref name="json"/>.</summary>
    /// <returns>The channel and the position it assigned, or what is wrong with the message.</returns>
    public async ValueTask<PublishOutcome> PublishAsync(ReadOnlyMemory<byte> json)
    {
        var normalized = new ArrayBufferWriter<byte>(json.Length + 32);
        if (!ChannelMessageJson.TryNormalize(json.Span, time.GetUtcNow().ToUnixTimeMilliseconds(), normalized, out var channel, out _, out var error))
        {
            return new PublishOutcome(null, error);
        }

        var position = await grains.GetGrain<IChannelGrain>(channel).PublishAsync(normalized.WrittenSpan.ToArray()).ConfigureAwait(false);
        return new PublishOutcome(PublishReceipt.For(channel, position), null);
    }

    /// <summary>
    /// Publishes <paramref name="message"/>, any JSON value, to <paramref name="channel"/> as it is: the daemon
    /// protocol passes messages through untouched, even ones without <c>channel</c> or <c>event</c>.
    /// </summary>
    public async ValueTask<PublishOutcome> PublishAsIsAsync(string channel, byte[] message)
    {
        if (ChannelName.Validate(channel) is { } channelError)
        {
            return new PublishOutcome(null, WireError.InvalidChannel(channelError));
        }

        var position = await grains.GetGrain<IChannelGrain>(channel).PublishAsync(message).ConfigureAwait(false);
        return new PublishOutcome(PublishReceipt.For(channel, position), null);
    }
}

/// <summary>A published message's receipt, or why it was refused.</summary>
internal readonly record struct PublishOutcome(PublishReceipt? Receipt, WireError? Error);
