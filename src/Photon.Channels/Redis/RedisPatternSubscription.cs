namespace Photon.Channels.Redis;

/// <summary>One Redis subscription (exact or pattern) with its handlers.</summary>
internal sealed class RedisPatternSubscription(ChannelPattern pattern)
{
    private volatile RedisHandler[] _handlers = [];

    public ChannelPattern Pattern => pattern;

    public bool Closed { get; set; }

    public IReadOnlyList<RedisHandler> Handlers => _handlers;

    public void Add(RedisHandler handler)
    {
        lock (this)
        {
            _handlers = [.. _handlers, handler];
        }
    }

    /// <summary>Removes a handler; true when it was the last.</summary>
    public bool Remove(RedisHandler handler)
    {
        lock (this)
        {
            _handlers = [.. _handlers.Where(h => h != handler)];
            return _handlers.Length == 0;
        }
    }
}
