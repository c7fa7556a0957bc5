using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Photon.Grains.Contracts;

namespace Photon.Grains.Statistics;

/// <summary>The silo's collector of channel activity. See <see cref="IChannelActivityCollector"/>.</summary>
/// <remarks>
/// One activation per silo (a stateless worker is always local to its caller). What it holds is soft, like the
/// directory's: an activation that goes hands over what it has, and a lost batch is replaced by the next reports.
/// </remarks>
[StatelessWorker(1)]
internal sealed class ChannelActivityCollector(IOptions<ChannelStatisticsOptions> options) : Grain, IChannelActivityCollector
{
    private readonly Dictionary<string, ChannelActivity> _pending = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.ReportInterval;
        this.RegisterGrainTimer(_ => HandOverAsync(), new GrainTimerCreationOptions(interval, interval) { KeepAlive = false });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => HandOverAsync();

    public Task ReportAsync(ChannelActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        _pending[activity.Channel] = activity;
        return Task.CompletedTask;
    }

    private Task HandOverAsync()
    {
        if (_pending.Count == 0)
        {
            return Task.CompletedTask;
        }

        ChannelActivity[] batch = [.. _pending.Values];
        _pending.Clear();
        return GrainFactory.GetGrain<IChannelDirectoryGrain>(IChannelDirectoryGrain.Key).ReportChannelsAsync(batch);
    }
}
