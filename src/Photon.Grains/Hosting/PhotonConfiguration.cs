using Microsoft.Extensions.Configuration;
using Photon.Channels;

namespace Photon.Grains.Hosting;

/// <summary>
/// Maps the <c>PHOTON_*</c> environment variables onto configuration keys, so that hosts are configured by the
/// same variables as the TypeScript tools and still through <see cref="IConfiguration"/> (appsettings,
/// <c>Photon__Section__Key</c> variables, command line).
/// </summary>
public static class PhotonConfiguration
{
    /// <summary>Each variable and a configuration key it sets (a variable may set several).</summary>
    public static IReadOnlyList<(string Variable, string Key)> EnvironmentVariables { get; } =
    [
        (PhotonEnvironment.AuthToken, "Photon:Gateway:AuthToken"),
        ("PHOTON_MAX_MESSAGE_BYTES", "Photon:Channels:MaxMessageBytes"),
        ("PHOTON_MAX_MESSAGE_BYTES", "Photon:Gateway:MaxMessageBytes"),
        ("PHOTON_HISTORY_SIZE", "Photon:Channels:HistoryMaxCount"),
        ("PHOTON_HISTORY_TTL", "Photon:Channels:HistoryMaxAge"),
        (PhotonEnvironment.SocketDirectory, "Photon:Daemon:SocketDirectory"),
        ("PHOTON_DAEMON_NAMES", "Photon:Daemon:Names"),
        (PhotonEnvironment.DaemonEnabled, "Photon:Daemon:Enabled"),
        (PhotonEnvironment.GenericRedisUrl, "Photon:Redis:Url"),
        (PhotonEnvironment.RedisUrl, "Photon:Redis:Url"),
        (PhotonEnvironment.RedisPrefix, "Photon:Redis:Prefix"),
        ("PHOTON_CLUSTER_MODE", "Photon:Cluster:Mode"),
        ("PHOTON_CLUSTER_ID", "Photon:Cluster:ClusterId"),
        ("PHOTON_SERVICE_ID", "Photon:Cluster:ServiceId"),
        ("PHOTON_SILO_PORT", "Photon:Cluster:SiloPort"),
        ("PHOTON_SILO_GATEWAY_PORT", "Photon:Cluster:GatewayPort"),
        ("PHOTON_PRIMARY_SILO_PORT", "Photon:Cluster:PrimarySiloPort"),
        ("PHOTON_CLUSTER_REDIS_URL", "Photon:Cluster:RedisUrl"),
        ("PHOTON_ADVERTISED_ADDRESS", "Photon:Cluster:AdvertisedAddress"),
    ];

    /// <summary>
    /// Adds the <c>PHOTON_*</c> variables that are set, plus <c>PHOTON_DEBUG</c> (debug logging for the
    /// <c>Photon</c> categories), as a configuration source that overrides the ones added before it.
    /// </summary>
    public static IConfigurationBuilder AddPhotonEnvironmentVariables(this IConfigurationBuilder builder, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        environment ??= PhotonEnvironment.Get;
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, key) in EnvironmentVariables)
        {
            if (environment(variable) is { Length: > 0 } value)
            {
                values[key] = value;
            }
        }

        if (PhotonEnvironment.IsSet(environment(PhotonEnvironment.Debug)))
        {
            values["Logging:LogLevel:Photon"] = "Debug";
        }

        return builder.AddInMemoryCollection(values);
    }
}
