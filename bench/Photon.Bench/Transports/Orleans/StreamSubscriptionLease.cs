using Orleans.Streams;
using Photon.Grains.Contracts;

namespace Photon.Bench.Transports.Orleans;

/// <summary>One stream subscription of the Orleans client transport; disposing it unsubscribes.</summary>
internal sealed class StreamSubscriptionLease(StreamSubscriptionHandle<ChannelEventBatch> handle) : IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await handle.UnsubscribeAsync();
}
