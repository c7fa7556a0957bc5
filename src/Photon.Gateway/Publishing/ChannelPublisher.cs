using System.Buffers;
using Photon.Channels;
using Photon.Channels.Wire;
using Photon.Gateway.Security;
using Photon.Grains.Contracts;

namespace Photon.Gateway.Publishing;

/// <summary>
/// The one way into the mesh for every transport: validates a message, checks that its client may publish to
/// the channel and has not run out of its rate, normalises the JSON once, and hands it to its channel grain.
/// </summary>
internal sealed class ChannelPublisher(IGrainFactory grains, PublishRateLimiter rates, TimeProvider time)
{
    /// <summary>Publishes the UTF-8 JSON message in <paramref name="json"/> for <paramref name="client"/>.</summary>
    /// <param name="client">Who publishes.</param>
    /// <param name="json">The message.</param>
    /// <param name="publishing">Told the channel and the exact payload subscribers will get, just before it is handed to the grain.</param>
    /// <param name="idempotencyKey">The publisher's key: a request seen before on the channel publishes nothing and gets the original receipt.</param>
    /// <returns>The channel and the position it assigned, or why the message was refused.</returns>
    public async ValueTask<PublishOutcome> PublishAsync(
        ChannelClient client, ReadOnlyMemory<byte> json, Action<string, byte[]>? publishing = null, IdempotencyKey? idempotencyKey = null)
    {
        if (!TryPrepare(client, json.Span, out var message, out var refusal))
        {
            return refusal;
        }

        publishing?.Invoke(message.Channel, message.Payload);
        return await PublishToGrainAsync(message.Channel, message.Payload, idempotencyKey).ConfigureAwait(false);
    }

    /// <summary>
    /// Everything <see cref="PublishAsync"/> does before the grain: validates and normalises the message and admits
    /// its client (access, rate). False with <paramref name="refusal"/> when the message is refused.
    /// </summary>
    public bool TryPrepare(ChannelClient client, ReadOnlySpan<byte> json, out PreparedMessage message, out PublishOutcome refusal)
    {
        ArgumentNullException.ThrowIfNull(client);
        message = default;
        var normalized = new ArrayBufferWriter<byte>(json.Length + 32);
        if (!ChannelMessageJson.TryNormalize(json, time.GetUtcNow().ToUnixTimeMilliseconds(), normalized, out var channel, out _, out var error))
        {
            refusal = PublishOutcome.Refused(error);
            return false;
        }

        if (Admit(client, channel) is { } refused)
        {
            refusal = refused;
            return false;
        }

        message = new PreparedMessage(channel, normalized.WrittenSpan.ToArray());
        refusal = default;
        return true;
    }

    /// <summary>Hands a message <see cref="TryPrepare"/> accepted to its channel grain.</summary>
    public Task<PublishOutcome> PublishPreparedAsync(PreparedMessage message, IdempotencyKey? idempotencyKey) =>
        PublishToGrainAsync(message.Channel, message.Payload, idempotencyKey);

    /// <summary>
    /// Publishes <paramref name="message"/>, any JSON value, to <paramref name="channel"/> as it is: the daemon
    /// protocol passes messages through untouched, even ones without <c>channel</c> or <c>event</c>; webhooks
    /// publish the message they composed around the body.
    /// </summary>
    public async ValueTask<PublishOutcome> PublishAsIsAsync(ChannelClient client, string channel, byte[] message, IdempotencyKey? idempotencyKey = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (ChannelName.Validate(channel) is { } channelError)
        {
            return PublishOutcome.Refused(WireError.InvalidChannel(channelError));
        }

        return Admit(client, channel) ?? await PublishToGrainAsync(channel, message, idempotencyKey).ConfigureAwait(false);
    }

    /// <summary>Why <paramref name="client"/> may not publish to <paramref name="channel"/> now, or null when it may.</summary>
    private PublishOutcome? Admit(ChannelClient client, string channel)
    {
        if (client.CheckPublish(channel) is { } forbidden)
        {
            return PublishOutcome.Refused(forbidden);
        }

        var retryAfter = rates.Acquire(client);
        return retryAfter > TimeSpan.Zero ? PublishOutcome.Refused(WireError.RateLimited(retryAfter), retryAfter) : null;
    }

    private async Task<PublishOutcome> PublishToGrainAsync(string channel, byte[] payload, IdempotencyKey? idempotencyKey)
    {
        var grain = grains.GetGrain<IChannelGrain>(channel);
        if (idempotencyKey is not { } key)
        {
            return new PublishOutcome(PublishReceipt.For(channel, await grain.PublishAsync(payload).ConfigureAwait(false)), null);
        }

        var result = await grain.PublishOnceAsync(key.Key, key.Fingerprint, payload).ConfigureAwait(false);
        return result.Outcome switch
        {
            PublishOnceOutcome.KeyReused => PublishOutcome.Refused(WireError.IdempotencyKeyReused(result.Position.ToString())),
            PublishOnceOutcome.Duplicate => new PublishOutcome(PublishReceipt.For(channel, result.Position) with { Duplicate = true }, null),
            _ => new PublishOutcome(PublishReceipt.For(channel, result.Position), null),
        };
    }
}
