using System.Globalization;
using Photon.Channels;
using Photon.Grains.Idempotency;
using StackExchange.Redis;

namespace Photon.Grains.History;

/// <summary>
/// Channel history in Redis: a hash <c>photon:channel-state:{channel}</c> with the epoch and last sequence, a
/// list <c>photon:channel-history:{channel}</c> of the most recent payloads, and a sorted set
/// <c>photon:channel-keys:{channel}</c> of idempotency keys scored by when they were accepted. Each append is one
/// transaction, so the sequence, the list and the keys never disagree. State and history expire after
/// <paramref name="retention"/> without a message (the history's age limit, when it would be empty anyway), so
/// Redis holds only channels that are in use; the keys after their own window.
/// </summary>
internal sealed class RedisChannelStore(IConnectionMultiplexer redis, TimeSpan retention, TimeSpan keyWindow, int maxKeys, TimeProvider time) : IChannelStore
{
    private static readonly RedisValue EpochField = "epoch";
    private static readonly RedisValue SequenceField = "sequence";

    public async Task<ChannelSnapshot?> LoadAsync(string channel, int maxCount)
    {
        try
        {
            var database = redis.GetDatabase();
            var state = await database.HashGetAsync(StateKey(channel), [EpochField, SequenceField]).ConfigureAwait(false);
            if (state[0].IsNull || state[1].IsNull)
            {
                return null;
            }

            var payloads = maxCount == 0 ? [] : await database.ListRangeAsync(HistoryKey(channel), -maxCount, -1).ConfigureAwait(false);
            var keys = maxKeys == 0 ? [] : await database.SortedSetRangeByScoreWithScoresAsync(
                KeysKey(channel), OldestKept(), double.PositiveInfinity, take: maxKeys, skip: 0, order: Order.Descending).ConfigureAwait(false);
            return new ChannelSnapshot(
                (long)state[0],
                (long)state[1],
                [.. payloads.Select(p => (byte[])p!)],
                [.. keys.Reverse().Select(ParseKey).OfType<IdempotencyRecord>()]);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            // Fails the activation and so the call that caused it, which then reaches a client: only exceptions
            // Orleans can serialize may travel, so the Redis one goes into the message, not along.
            throw new TimeoutException($"loading channel {channel} from Redis failed: {ex.Message}");
        }
    }

    public async Task AppendAsync(string channel, long epoch, long firstSequence, IReadOnlyList<byte[]> payloads, int maxCount, IReadOnlyList<IdempotencyRecord> idempotencyKeys)
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        var last = firstSequence + payloads.Count - 1;
        _ = transaction.HashSetAsync(StateKey(channel), [new(EpochField, epoch), new(SequenceField, last)]);
        if (payloads.Count > 0)
        {
            _ = transaction.ListRightPushAsync(HistoryKey(channel), [.. payloads.Select(p => (RedisValue)p)]);
            _ = transaction.ListTrimAsync(HistoryKey(channel), -Math.Max(maxCount, 1), -1);
            _ = transaction.KeyExpireAsync(HistoryKey(channel), retention);
        }

        _ = transaction.KeyExpireAsync(StateKey(channel), retention);
        if (idempotencyKeys.Count > 0)
        {
            var keys = KeysKey(channel);
            _ = transaction.SortedSetAddAsync(keys, [.. idempotencyKeys.Select(k => new SortedSetEntry(FormatKey(k), k.AcceptedUnixMilliseconds))]);
            _ = transaction.SortedSetRemoveRangeByScoreAsync(keys, double.NegativeInfinity, OldestKept(), Exclude.Stop);
            _ = transaction.SortedSetRemoveRangeByRankAsync(keys, 0, -(maxKeys + 1L));
            _ = transaction.KeyExpireAsync(keys, keyWindow);
        }

        if (!await transaction.ExecuteAsync().ConfigureAwait(false))
        {
            throw new RedisException($"saving channel {channel} up to sequence {last.ToString(CultureInfo.InvariantCulture)} was not committed");
        }
    }

    private double OldestKept() => time.GetUtcNow().ToUnixTimeMilliseconds() - keyWindow.TotalMilliseconds;

    // "<position> <fingerprint> <key>": the position and fingerprint hold no space, the key may.
    private static RedisValue FormatKey(IdempotencyRecord record) =>
        string.Create(CultureInfo.InvariantCulture, $"{record.Position} {record.Fingerprint:x} {record.Key}");

    private static IdempotencyRecord? ParseKey(SortedSetEntry entry)
    {
        var text = (string?)entry.Element ?? string.Empty;
        var parts = text.Split(' ', 3);
        return parts.Length == 3
            && ChannelPosition.TryParse(parts[0], out var position)
            && long.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var fingerprint)
            ? new IdempotencyRecord(parts[2], fingerprint, position, (long)entry.Score)
            : null;
    }

    private static RedisKey StateKey(string channel) => "photon:channel-state:" + channel;

    private static RedisKey HistoryKey(string channel) => "photon:channel-history:" + channel;

    private static RedisKey KeysKey(string channel) => "photon:channel-keys:" + channel;
}
