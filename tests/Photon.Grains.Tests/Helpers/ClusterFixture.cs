using Orleans.TestingHost;

namespace Photon.Grains.Tests.Helpers;

/// <summary>One in-process silo with the channel grains and their streams, shared by a collection.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const int HistoryMaxCount = 100;

    public const int MaxObserverBacklog = 3000;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Photon:Channels:HistoryMaxCount"] = HistoryMaxCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Photon:Channels:MaxMessageBytes"] = "1024",
        ["Photon:Channels:MaxObserverBacklog"] = MaxObserverBacklog.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync() => Cluster = await PhotonTestCluster.StartAsync(silos: 1, Settings);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>
/// Test classes that start clusters of their own (and Redis): they run one at a time, after the shared cluster's,
/// so that several silos do not start at once on two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OwnClusterCollection
{
    public const string Name = "own clusters";
}
