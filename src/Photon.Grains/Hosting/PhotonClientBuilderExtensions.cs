using Microsoft.Extensions.Configuration;
using Photon.Grains.Contracts;

namespace Photon.Grains.Hosting;

/// <summary>Sets up an Orleans client (a gateway in client mode) to reach channel grains and their streams.</summary>
public static class PhotonClientBuilderExtensions
{
    /// <summary>Clustering from <c>Photon:Cluster</c> and the channel stream provider.</summary>
    public static IClientBuilder AddPhotonChannels(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(configuration);
        var cluster = configuration.GetSection(PhotonClusterOptions.SectionName).Get<PhotonClusterOptions>() ?? new();
        var streams = configuration.GetSection(PhotonStreamOptions.SectionName).Get<PhotonStreamOptions>() ?? new();
        client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
        client.AddMemoryStreams(ChannelStreams.ProviderName, stream => stream.ConfigurePartitioning(streams.QueueCount));
        return client;
    }
}
