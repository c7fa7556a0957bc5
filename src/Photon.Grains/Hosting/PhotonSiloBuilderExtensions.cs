using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Photon.Channels.Redis;
using Photon.Grains.Contracts;
using Photon.Grains.History;
using StackExchange.Redis;

namespace Photon.Grains.Hosting;

/// <summary>Sets up a silo (the gateway's embedded one, or Photon.Silo) to host channel grains.</summary>
public static class PhotonSiloBuilderExtensions
{
    /// <summary>Joins the cluster that <c>Photon:Cluster</c> describes: through Redis when it names one, else on localhost.</summary>
    public static ISiloBuilder UsePhotonClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var cluster = PhotonClusterOptions.From(configuration);
        if (cluster.UsesRedis)
        {
            var address = IPAddress.Parse(cluster.AdvertisedAddress);
            silo.UseRedisClustering(options => options.ConfigurationOptions = RedisConnection.Parse(cluster.RedisUrl!));
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });
            silo.ConfigureEndpoints(address, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(address));
            silo.Configure<ClusterMembershipOptions>(options =>
            {
                // Declare a hard-killed silo dead in seconds rather than a minute, and stop a new silo from
                // trying to reach a dead one for 5 minutes before it joins (Orleans issue #7194).
                options.ProbeTimeout = TimeSpan.FromSeconds(2);
                options.NumMissedProbesLimit = 2;
                options.NumVotesForDeathDeclaration = 1;
                options.TableRefreshTimeout = TimeSpan.FromSeconds(2);
                options.MaxJoinAttemptTime = TimeSpan.FromSeconds(20);
            });
            return silo;
        }

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
        silo.Services.AddPhotonStatisticsOptions(configuration);

        // Stream subscriptions are remembered in the pub/sub store: in Redis when the cluster spans processes,
        // so that a silo's death does not forget which gateways listen to which channel.
        var cluster = PhotonClusterOptions.From(configuration);
        if (cluster.UsesRedis)
        {
            silo.AddRedisGrainStorage("PubSubStore", options => options.ConfigurationOptions = RedisConnection.Parse(cluster.RedisUrl!));

            // Channel positions and history in the same Redis: a channel outlives its silo.
            silo.Services.AddSingleton<IChannelStore>(services =>
            {
                var configuration = RedisConnection.Parse(cluster.RedisUrl!);
                configuration.AbortOnConnectFail = false;
                var channels = services.GetRequiredService<IOptions<ChannelGrainOptions>>().Value;
                return new RedisChannelStore(
                    ConnectionMultiplexer.Connect(configuration),
                    channels.HistoryMaxAge,
                    channels.IdempotencyWindow,
                    channels.IdempotencyMaxKeys,
                    services.GetRequiredService<TimeProvider>());
            });
        }
        else
        {
            silo.AddMemoryGrainStorage("PubSubStore");
        }
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
