namespace Photon.Channels.Redis;

/// <summary>One handler's subscription through a <see cref="RedisBroker"/>.</summary>
internal sealed class RedisHandler(RedisBroker broker, RedisPatternSubscription subscription, ChannelMessageHandler handler) : IChannelSubscription
{
    /// <summary>Handlers are the same when they are the same delegate: that is who must get a message once.</summary>
    public static readonly IEqualityComparer<RedisHandler> SameDelegate =
        EqualityComparer<RedisHandler>.Create((a, b) => a?.Handler == b?.Handler, h => h.Handler.GetHashCode());

    private volatile bool _disposed;

    public string Channel => subscription.Pattern.Value;

    public bool IsActive => !_disposed && !subscription.Closed;

    public RedisPatternSubscription Subscription => subscription;

    public ChannelMessageHandler Handler => handler;

    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            broker.Remove(this);
        }

        return ValueTask.CompletedTask;
    }
}
