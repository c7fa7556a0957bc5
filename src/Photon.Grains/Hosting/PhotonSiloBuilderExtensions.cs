using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Photon.Grains.Contracts;

namespace Photon.Grains.Hosting;

/// <summary>Sets up a silo (the gateway's embedded one, or Photon.Silo) to host channel grains.</summary>
public static class PhotonSiloBuilderExtensions
{
    /// <summary>Joins the cluster that <c>Photon:Cluster</c> describes.</summary>
    public static ISiloBuilder UsePhotonClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var cluster = PhotonClusterOptions.From(configuration);
        return silo.UseLocalhostClustering(
            cluster.SiloPort,
            cluster.GatewayPort,
            new IPEndPoint(IPAddress.Loopback, cluster.PrimarySiloPort ?? cluster.SiloPort),
            cluster.ServiceId,
            cluster.ClusterId);
    }

    /// <summary>
    /// Hosts channel grains: their limits from <c>Photon:Channels</c>, and the memory stream provider tuned by
    /// <c>Photon:Streams</c>.
    /// </summary>
    public static ISiloBuilder AddPhotonChannels(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var streams = PhotonStreamOptions.From(configuration);

        silo.Services.TryAddSingletonTimeProvider();
        silo.Services.AddOptions<ChannelGrainOptions>()
            .Bind(configuration.GetSection(ChannelGrainOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        silo.AddMemoryGrainStorage("PubSubStore");
        silo.AddMemoryStreams(ChannelStreams.ProviderName, stream =>
        {
            stream.ConfigurePartitioning(streams.QueueCount);
            stream.ConfigurePullingAgent(agent => agent.Configure(options =>
            {
                options.GetQueueMsgsTimerPeriod = streams.PullPeriod;
                options.BatchContainerBatchSize = streams.PullBatchSize;
            }));
        });
        return silo;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
