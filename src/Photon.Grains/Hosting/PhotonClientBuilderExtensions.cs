using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Photon.Channels.Redis;
using Photon.Grains.Contracts;

namespace Photon.Grains.Hosting;

/// <summary>Sets up an Orleans client (a gateway in client mode) to reach channel grains and their streams.</summary>
public static class PhotonClientBuilderExtensions
{
    /// <summary>Connects to the cluster that <c>Photon:Cluster</c> describes.</summary>
    public static IClientBuilder UsePhotonClustering(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(configuration);
        var cluster = PhotonClusterOptions.From(configuration);
        if (!cluster.UsesRedis)
        {
            return client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
        }

        client.UseRedisClustering(options => options.ConfigurationOptions = RedisConnection.Parse(cluster.RedisUrl!));
        return client.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = cluster.ClusterId;
            options.ServiceId = cluster.ServiceId;
        });
    }

    /// <summary>
    /// The channel stream provider, matching the silos' (<c>Photon:Streams</c>), and the <see cref="MeshConnectionWatch"/>
    /// that fails calls in flight through a connection that closed at once.
    /// </summary>
    public static IClientBuilder AddPhotonChannels(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(configuration);
        var streams = PhotonStreamOptions.From(configuration);
        client.AddMemoryStreams(ChannelStreams.ProviderName, stream => stream.ConfigurePartitioning(streams.QueueCount));
        client.Services.AddSingleton<MeshConnectionWatch>();
        client.Services.AddSingleton<IClusterConnectionStatusObserver>(services => services.GetRequiredService<MeshConnectionWatch>());
        client.Services.AddSingleton<IOutgoingGrainCallFilter>(services => services.GetRequiredService<MeshConnectionWatch>());
        return client;
    }
}
