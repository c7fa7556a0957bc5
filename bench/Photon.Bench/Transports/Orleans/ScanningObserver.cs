using Photon.Bench.Measuring;
using Photon.Grains.Contracts;

namespace Photon.Bench.Transports.Orleans;

/// <summary>Hands every message of every batch the grain pushes to one subscriber's scanner.</summary>
internal sealed class ScanningObserver(LatencyScanner scanner) : IChannelObserver
{
    public Task DeliverAsync(ChannelEventBatch batch)
    {
        foreach (var payload in batch.Payloads)
        {
            scanner.Scan(payload);
        }

        return Task.CompletedTask;
    }
}
