using Orleans.Concurrency;

namespace Photon.Grains.Contracts;

/// <summary>
/// A silo's collection point for its channel grains' activity: they report to the one in their own silo (a local
/// call), and it hands the <see cref="IChannelDirectoryGrain"/> everything reported since in one call per report
/// interval. The directory then takes a call per silo per interval, not one per active channel.
/// </summary>
[Alias("photon.IChannelActivityCollector")]
public interface IChannelActivityCollector : IGrainWithIntegerKey
{
    /// <summary>Records a channel's latest position and rate, replacing what it reported before. One-way.</summary>
    [Alias("report"), OneWay]
    Task ReportAsync(ChannelActivity activity);
}
