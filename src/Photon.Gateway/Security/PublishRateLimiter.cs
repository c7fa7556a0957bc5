using System.Threading.RateLimiting;

namespace Photon.Gateway.Security;

/// <summary>
/// A token bucket per client (<see cref="ChannelClient.Name"/>): every published message takes a token; a
/// client that has none left is told how long to wait.
/// </summary>
internal sealed class PublishRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<ChannelClient> _limiter = PartitionedRateLimiter.Create<ChannelClient, string>(
        client => RateLimitPartition.GetTokenBucketLimiter(client.Name, _ => Bucket(client.Rate)),
        StringComparer.Ordinal);

    /// <summary>Takes <paramref name="messages"/> tokens from <paramref name="client"/>'s bucket.</summary>
    /// <returns>Zero when the messages may be published; otherwise how long to wait before trying again.</returns>
    public TimeSpan Acquire(ChannelClient client, int messages = 1)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.Rate.IsUnlimited)
        {
            return TimeSpan.Zero;
        }

        using var lease = _limiter.AttemptAcquire(client, messages);
        if (lease.IsAcquired)
        {
            return TimeSpan.Zero;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero
            ? retryAfter
            : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _limiter.Dispose();

    private static TokenBucketRateLimiterOptions Bucket(PublishRate rate)
    {
        // Refill in small steps (every 100 ms, the partitioned limiter's own tick) rather than once a second;
        // a rate under 10/s refills one token at a time.
        var perTick = rate.PerSecond / 10;
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = rate.Burst,
            TokensPerPeriod = perTick >= 1 ? (int)Math.Round(perTick) : 1,
            ReplenishmentPeriod = perTick >= 1 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1 / rate.PerSecond),
            QueueLimit = 0,
            AutoReplenishment = false,
        };
    }
}
