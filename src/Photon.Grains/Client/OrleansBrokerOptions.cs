namespace Photon.Channels.Orleans;

/// <summary>How an <see cref="OrleansBroker"/> reaches the channel grains.</summary>
public sealed class OrleansBrokerOptions
{
    /// <summary>The cluster client (or a co-hosted silo's <see cref="IClusterClient"/>) the process already has.</summary>
    public required IClusterClient Cluster { get; init; }

    /// <summary>How many messages one history read fetches when resuming or repairing a gap. Default 500.</summary>
    public int ReplayPageSize { get; init; } = 500;

    /// <summary>
    /// How often a single-channel subscription renews its attachment to the channel's grain and checks that it has
    /// received up to the grain's head. Must be well within the grains' <c>Photon:Channels:ObserverLeaseTime</c>
    /// (30 s). Default 5 s, as the gateway's stall check.
    /// </summary>
    public TimeSpan RenewInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many stream batches may wait for a subscription's handler; beyond it the stream's delivery to this
    /// subscription waits, so a slow handler slows only itself. Default 1,024.
    /// </summary>
    public int QueueCapacity { get; init; } = 1024;
}
