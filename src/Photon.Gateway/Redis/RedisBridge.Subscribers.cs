using StackExchange.Redis;

namespace Photon.Gateway.Redis;

/// <summary>The bridge's view of Redis's own subscribers, for channel statistics and readiness.</summary>
internal sealed partial class RedisBridge
{
    private static readonly IReadOnlyDictionary<string, int> NoSubscribers = new Dictionary<string, int>();

    private ConnectionMultiplexer? _redis;

    /// <summary>Whether a Redis URL is configured, so the bridge runs.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(_options.Url);

    /// <summary>Whether the bridge has started: its connection to Redis is made (Redis itself may be down meanwhile).</summary>
    public bool IsStarted => Volatile.Read(ref _redis) is not null;

    /// <summary>Whether Redis is reachable right now.</summary>
    public bool IsConnected => Volatile.Read(ref _redis) is { IsConnected: true };

    /// <summary>
    /// How many Redis clients subscribe to each channel's Redis name (<c>PUBSUB CHANNELS</c>, then one
    /// <c>PUBSUB NUMSUB</c>), while this gateway bridges; empty otherwise, so the cluster counts them once.
    /// </summary>
    /// <remarks>
    /// Only subscriptions by name are counted: Redis reports no names for <c>PSUBSCRIBE</c> patterns (the
    /// RedisBroker's <c>prefix:*</c>), and the bridge's own pattern subscription is thereby left out too.
    /// </remarks>
    public async Task<IReadOnlyDictionary<string, int>> CountRedisSubscribersAsync()
    {
        if (!IsBridging || Volatile.Read(ref _redis) is not { IsConnected: true } redis)
        {
            return NoSubscribers;
        }

        try
        {
            var database = redis.GetDatabase();
            var names = (RedisResult[]?)await database.ExecuteAsync("PUBSUB", "CHANNELS", RedisChannelNamesPattern()).ConfigureAwait(false);
            if (names is not { Length: > 0 })
            {
                return NoSubscribers;
            }

            var counts = (RedisResult[]?)await database.ExecuteAsync("PUBSUB", ["NUMSUB", .. names.Select(n => (object)(string)n!)]).ConfigureAwait(false) ?? [];
            var result = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < counts.Length; i += 2)
            {
                if (_names.ChannelOf(RedisChannel.Literal((string)counts[i]!)) is { } channel && (int)counts[i + 1] > 0)
                {
                    result[channel] = (int)counts[i + 1];
                }
            }

            return result;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.CountingSubscribersFailed(logger, ex);
            return NoSubscribers;
        }
    }

    private string RedisChannelNamesPattern() => Photon.Channels.Redis.RedisChannelNames.EscapeGlob(_options.Prefix) + "*";
}
