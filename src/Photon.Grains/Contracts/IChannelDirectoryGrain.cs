using Orleans.Concurrency;

namespace Photon.Grains.Contracts;

/// <summary>
/// The cluster's list of active channels and of who listens to them, for consoles and the <c>channels</c>
/// command. There is one (key <see cref="Key"/>). Its state is soft: gateways and channel grains report to it
/// every <c>Photon:Statistics:ReportInterval</c>, so a directory that lost its silo is whole again one interval later.
/// </summary>
/// <remarks>
/// A channel is listed while someone subscribes to it by name or it was published to within
/// <c>Photon:Statistics:ActiveWindow</c>. A gateway's report stands for the time it names; a gateway that died
/// stops being counted when it runs out. Nothing here is on the publish path: channel grains report on a
/// timer, one-way, only while they are being published to, through their silo's collector.
/// </remarks>
[Alias("photon.IChannelDirectoryGrain")]
public interface IChannelDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The key of the cluster's directory.</summary>
    public const string Key = "cluster";

    /// <summary>Replaces what <paramref name="report"/>'s gateway reported before.</summary>
    [Alias("gateway")]
    Task ReportGatewayAsync(GatewaySubscriptions report);

    /// <summary>Forgets a gateway that is stopping, so its subscribers are not counted until its report runs out.</summary>
    [Alias("gateway-gone")]
    Task RemoveGatewayAsync(string gateway);

    /// <summary>Records channels' latest positions and rates, a silo's batch (see <see cref="IChannelActivityCollector"/>). One-way.</summary>
    [Alias("channels"), OneWay]
    Task ReportChannelsAsync(ChannelActivity[] activities);

    /// <summary>The active channels that <paramref name="pattern"/> matches, and the wildcard subscriptions it covers.</summary>
    /// <param name="pattern">A channel name, <c>prefix:*</c> or <c>*</c>.</param>
    [Alias("list"), ReadOnly]
    Task<ChannelListing> GetChannelsAsync(string pattern);
}
