using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Photon.Channels;
using Photon.Grains.Contracts;
using Photon.Grains.Idempotency;

namespace Photon.Grains;

/// <summary>
/// Idempotent publishing: a publisher's key, remembered by the channel itself (not by a gateway), makes a retried
/// request publish nothing new and answer with the original position, whichever gateway it reaches.
/// </summary>
/// <remarks>
/// The keys live in the grain, bounded by <see cref="ChannelGrainOptions.IdempotencyMaxKeys"/> and
/// <see cref="ChannelGrainOptions.IdempotencyWindow"/>. With a channel store (Redis) each key is saved in the same
/// transaction as the batch holding its message, so a key is durable exactly when its message is: a silo's death
/// forgets neither. Without a store the keys, like the history, last as long as the activation.
/// </remarks>
internal sealed partial class ChannelGrain
{
    private IdempotencyKeys? _keys;

    private IdempotencyKeys Keys => _keys ??= new IdempotencyKeys(
        _options.IdempotencyMaxKeys, _options.IdempotencyWindow, ServiceProvider.GetRequiredService<TimeProvider>());

    public async ValueTask<ChannelPublishResult> PublishOnceAsync(string idempotencyKey, long fingerprint, byte[] payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        if (Keys.TryGet(idempotencyKey, out var seen, out var originalStored))
        {
            // Answer only once the original is stored: a duplicate must not confirm what a crash could still lose.
            await originalStored.ConfigureAwait(true);
            var outcome = seen.Fingerprint == fingerprint ? PublishOnceOutcome.Duplicate : PublishOnceOutcome.KeyReused;
            Log.DuplicateKey(ServiceProvider.GetRequiredService<ILogger<ChannelGrain>>(), _channel, seen.Position, outcome);
            return new ChannelPublishResult(seen.Position, outcome);
        }

        var (position, stored) = Stamp(payload, idempotencyKey, fingerprint);
        await stored.ConfigureAwait(true);
        return new ChannelPublishResult(position, PublishOnceOutcome.Published);
    }

    /// <summary>Remembers a key from the moment its message is stamped; saved with the batch that saves the message.</summary>
    private void RememberIdempotencyKey(string idempotencyKey, long fingerprint, ChannelPosition position, Task stored) =>
        Keys.Add(idempotencyKey, fingerprint, position, stored, persist: _store is not null);

    /// <summary>Takes back the keys a previous activation saved.</summary>
    private void RestoreIdempotencyKeys(IReadOnlyList<IdempotencyRecord> saved)
    {
        if (saved.Count > 0)
        {
            Keys.Restore(saved);
        }
    }

    /// <summary>The keys to save with a batch ending at <paramref name="lastSequence"/>.</summary>
    private IReadOnlyList<IdempotencyRecord> IdempotencyKeysUpTo(long lastSequence) => _keys?.TakeUnsaved(lastSequence) ?? [];

    private static partial class Log
    {
        [LoggerMessage(4, LogLevel.Debug, "Channel {Channel}: an idempotency key seen before answered with {Position} ({Outcome})")]
        public static partial void DuplicateKey(ILogger logger, string channel, ChannelPosition position, PublishOnceOutcome outcome);
    }
}
