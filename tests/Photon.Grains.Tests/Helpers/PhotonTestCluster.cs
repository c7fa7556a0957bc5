using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using Photon.Grains.Hosting;

namespace Photon.Grains.Tests.Helpers;

/// <summary>An in-process cluster whose silos and client carry the channel grains and streams, configured as a deployment is.</summary>
public static class PhotonTestCluster
{
    /// <summary>Starts <paramref name="silos"/> silos and a client with <paramref name="settings"/> (configuration keys such as <c>Photon:Channels:HistoryMaxCount</c>).</summary>
    public static async Task<InProcessTestCluster> StartAsync(int silos, IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSilo((_, silo) => silo.AddPhotonChannels(configuration));
        builder.ConfigureClient(client => client.AddPhotonChannels(configuration));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
