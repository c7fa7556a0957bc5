using System.Globalization;
using StackExchange.Redis;

namespace Photon.Grains.History;

/// <summary>
/// Channel history in Redis: a hash <c>photon:channel-state:{channel}</c> with the epoch and last sequence, and a
/// list <c>photon:channel-history:{channel}</c> of the most recent payloads. Each append is one transaction, so
/// the sequence and the list never disagree. Both expire after <paramref name="retention"/> without a message
/// (the history's age limit, when it would be empty anyway), so Redis holds only channels that are in use.
/// </summary>
internal sealed class RedisChannelStore(IConnectionMultiplexer redis, TimeSpan retention) : IChannelStore
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
            return new ChannelSnapshot((long)state[0], (long)state[1], [.. payloads.Select(p => (byte[])p!)]);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            // Fails the activation and so the call that caused it, which then reaches a client: only exceptions
            // Orleans can serialize may travel, so the Redis one goes into the message, not along.
            throw new TimeoutException($"loading channel {channel} from Redis failed: {ex.Message}");
        }
    }

    public async Task AppendAsync(string channel, long epoch, long firstSequence, IReadOnlyList<byte[]> payloads, int maxCount)
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

        if (!await transaction.ExecuteAsync().ConfigureAwait(false))
        {
            throw new RedisException($"saving channel {channel} up to sequence {last.ToString(CultureInfo.InvariantCulture)} was not committed");
        }
    }

    private static RedisKey StateKey(string channel) => "photon:channel-state:" + channel;

    private static RedisKey HistoryKey(string channel) => "photon:channel-history:" + channel;
}
