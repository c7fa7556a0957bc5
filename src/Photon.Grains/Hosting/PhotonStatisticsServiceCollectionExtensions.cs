using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Photon.Grains.Statistics;

namespace Photon.Grains.Hosting;

/// <summary>Registers <see cref="ChannelStatisticsOptions"/>, which silos and gateways both read.</summary>
public static class PhotonStatisticsServiceCollectionExtensions
{
    /// <summary>Binds <c>Photon:Statistics</c>, validated at start-up; registering it twice is harmless.</summary>
    public static IServiceCollection AddPhotonStatisticsOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ChannelStatisticsOptions>()
            .Bind(configuration.GetSection(ChannelStatisticsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
