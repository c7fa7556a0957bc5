using System.Net;
using Photon.Bench.Measuring;
using StackExchange.Redis;

namespace Photon.Bench.Transports;

/// <summary>The raw Redis pub/sub peer: PUBLISH and SUBSCRIBE on channels the gateway's bridge does not listen to.</summary>
internal sealed class RedisPubSubTransport(IPEndPoint redis, ServerProcess process) : ITransport
{
    // Outside the bridge's prefix (photon:channel:), so the gateway neither sees nor pays for these messages.
    private const string Prefix = "bench:raw:";

    public string Name => "redis";

    public bool IsPeer => true;

    public ServerProcess Server => process;

    public Task<IAsyncDisposable> SubscribeAsync(string channel, LatencyScanner scanner, CancellationToken cancellationToken) =>
        RedisSubscription.OpenAsync(redis, Prefix + channel, scanner, cancellationToken);

    public async Task<IMessagePublisher> ConnectPublisherAsync(CancellationToken cancellationToken) =>
        new RedisMessagePublisher(await ConnectionMultiplexer.ConnectAsync($"{redis.Address}:{redis.Port}"), Prefix);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
