using System.Net;
using Photon.Bench.Measuring;

namespace Photon.Bench.Transports;

/// <summary>
/// Ours through the Redis bridge: published to the gateway over HTTP, received by raw Redis subscribers on
/// <c>photon:channel:&lt;channel&gt;</c>, where the bridge publishes what the grain mesh carries. (The other way
/// round cannot be measured from Redis: Redis itself hands a PUBLISH to its subscribers, and the bridge does not
/// publish back what came from Redis.)
/// </summary>
internal sealed class RedisBridgeTransport(Uri gateway, IPEndPoint redis, string prefix, ServerProcess process) : ITransport
{
    public string Name => "redis-bridge";

    public bool IsPeer => false;

    public ServerProcess Server => process;

    public Task<IAsyncDisposable> SubscribeAsync(string channel, LatencyScanner scanner, CancellationToken cancellationToken) =>
        RedisSubscription.OpenAsync(redis, prefix + channel, scanner, cancellationToken);

    public Task<IMessagePublisher> ConnectPublisherAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IMessagePublisher>(new HttpMessagePublisher(_ => new Uri(gateway, "/publish")));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
