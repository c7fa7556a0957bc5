using Orleans.Streams;
using Photon.Bench.Measuring;
using Photon.Grains.Contracts;

namespace Photon.Bench.Transports.Orleans;

/// <summary>Hands every message of every batch to one subscriber's scanner; Orleans calls it one batch at a time.</summary>
internal sealed class ScanningStreamObserver(LatencyScanner scanner) : IAsyncObserver<ChannelEventBatch>
{
    public Task OnNextAsync(ChannelEventBatch item, StreamSequenceToken? token = null)
    {
        foreach (var payload in item.Payloads)
        {
            scanner.Scan(payload);
        }

        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
