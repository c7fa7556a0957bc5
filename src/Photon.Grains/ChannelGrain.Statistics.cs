using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Photon.Grains.Contracts;
using Photon.Grains.Statistics;

namespace Photon.Grains;

/// <summary>The channel's statistics: its head and publish rate, reported on a timer to the channel directory through the silo's collector.</summary>
internal sealed partial class ChannelGrain
{
    private PublishRate? _rate;
    private long _reportedSequence;
    private double _reportedRate;

    /// <summary>
    /// Samples the sequence every report interval. Publishing costs nothing more than the sequence it already
    /// increments, and an idle channel costs no call: it reports only after publishes, and once more when its
    /// rate has fallen to 0. The timer does not keep the grain alive.
    /// </summary>
    private void StartStatistics()
    {
        var statistics = ServiceProvider.GetRequiredService<IOptions<ChannelStatisticsOptions>>().Value;
        _rate = new PublishRate(statistics.RateWindow, time);
        _reportedSequence = _sequence;
        _rate.Sample(_sequence);
        this.RegisterGrainTimer(ReportActivityAsync, new GrainTimerCreationOptions(statistics.ReportInterval, statistics.ReportInterval) { KeepAlive = false });
    }

    private Task ReportActivityAsync(CancellationToken cancellationToken)
    {
        var rate = _rate!.Sample(_sequence);
        if (_sequence == _reportedSequence && rate == 0 && _reportedRate == 0)
        {
            return Task.CompletedTask;
        }

        _reportedSequence = _sequence;
        _reportedRate = rate;
        return GrainFactory.GetGrain<IChannelActivityCollector>(0).ReportAsync(new ChannelActivity(_channel, new(_epoch, _sequence), rate));
    }
}
