using Photon.Grains.Contracts;

namespace Photon.Bench.Transports.Orleans;

/// <summary>
/// One subscriber of the Orleans client transport: an observer attached to the channel's grain and renewed well
/// within the grain's lease, as the gateway does. Disposing it detaches.
/// </summary>
internal sealed class ObserverAttachment : IAsyncDisposable
{
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(5);

    private readonly IClusterClient _client;
    private readonly IChannelGrain _grain;
    private readonly IChannelObserver _reference;
    private readonly ITimer _renewal;

    private ObserverAttachment(IClusterClient client, IChannelGrain grain, IChannelObserver reference)
    {
        _client = client;
        _grain = grain;
        _reference = reference;
        _renewal = TimeProvider.System.CreateTimer(_ => _ = grain.AttachAsync(reference).AsTask(), null, RenewEvery, RenewEvery);
    }

    public static async Task<ObserverAttachment> AttachAsync(IClusterClient client, string channel, IChannelObserver observer)
    {
        var grain = client.GetGrain<IChannelGrain>(channel);
        var reference = client.CreateObjectReference<IChannelObserver>(observer);
        await grain.AttachAsync(reference);
        return new ObserverAttachment(client, grain, reference);
    }

    public async ValueTask DisposeAsync()
    {
        await _renewal.DisposeAsync();
        await _grain.DetachAsync(_reference);
        _client.DeleteObjectReference<IChannelObserver>(_reference);
    }
}
