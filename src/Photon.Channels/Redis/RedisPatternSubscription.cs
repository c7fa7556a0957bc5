using Photon.Channels.Internal;

namespace Photon.Channels.Redis;

/// <summary>One Redis subscription (exact or pattern) with its handlers.</summary>
internal sealed class RedisPatternSubscription(ChannelPattern pattern)
{
    private readonly CopyOnWriteList<RedisHandler> _handlers = new();

    public ChannelPattern Pattern => pattern;

    public bool Closed { get; set; }

    public IReadOnlyList<RedisHandler> Handlers => _handlers.Items;

    public void Add(RedisHandler handler) => _handlers.Add(handler);

    /// <summary>Removes a handler; true when it was the last.</summary>
    public bool Remove(RedisHandler handler) => _handlers.Remove(handler);
}
