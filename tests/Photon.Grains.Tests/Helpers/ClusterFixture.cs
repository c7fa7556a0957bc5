using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using Photon.Grains.Hosting;

namespace Photon.Grains.Tests.Helpers;

/// <summary>One in-process silo with the channel grains and their streams, shared by a collection.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const int HistoryMaxCount = 100;

    public const int MaxObserverBacklog = 3000;

    private static readonly IConfiguration Configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Photon:Channels:HistoryMaxCount"] = HistoryMaxCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Photon:Channels:MaxMessageBytes"] = "1024",
            ["Photon:Channels:MaxObserverBacklog"] = MaxObserverBacklog.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        .Build();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddPhotonChannels(Configuration));
        builder.ConfigureClient(client => client.AddPhotonChannels(Configuration));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
