using Microsoft.Extensions.Logging;
using Photon.Channels;
using Photon.Channels.Orleans;

namespace Photon.Grains.Hosting;

/// <summary>Registers <see cref="OrleansBroker"/> in a broker registry.</summary>
public static class OrleansBrokerRegistration
{
    /// <summary>
    /// Registers the <c>orleans</c> broker over <paramref name="cluster"/>: <c>registry.Create("orleans")</c>, or
    /// <c>PHOTON_CHANNEL_BROKER=orleans</c> with <c>Get()</c>, then publishes and subscribes through the grains.
    /// Options given to <c>Create</c> (an <see cref="OrleansBrokerOptions"/>) replace the defaults.
    /// </summary>
    public static ChannelBrokerRegistry AddOrleansBroker(this ChannelBrokerRegistry registry, IClusterClient cluster)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(cluster);
        registry.Register(OrleansBroker.TypeName, context => new OrleansBroker(
            context.OptionsOr(_ => new OrleansBrokerOptions { Cluster = cluster }),
            context.LoggerFactory.CreateLogger<OrleansBroker>()));
        return registry;
    }
}
