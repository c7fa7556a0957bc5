using StackExchange.Redis;

namespace Photon.Bench.Transports;

/// <summary>Publishes with Redis <c>PUBLISH</c> through one pipelining StackExchange.Redis connection.</summary>
internal sealed class RedisMessagePublisher(ConnectionMultiplexer redis, string prefix) : IMessagePublisher
{
    private readonly ISubscriber _publisher = redis.GetSubscriber();

    public Task PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        _publisher.PublishAsync(RedisChannel.Literal(prefix + channel), message);

    public async ValueTask DisposeAsync() => await redis.DisposeAsync();
}
