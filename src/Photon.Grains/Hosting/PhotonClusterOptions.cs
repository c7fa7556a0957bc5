using Microsoft.Extensions.Configuration;

namespace Photon.Grains.Hosting;

/// <summary>How a process joins the Orleans cluster; configuration section <c>Photon:Cluster</c>.</summary>
public sealed class PhotonClusterOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Photon:Cluster";

    /// <summary>
    /// For the gateway: <see cref="PhotonClusterMode.Embedded"/> (default) co-hosts a silo so one process runs
    /// everything; <see cref="PhotonClusterMode.Client"/> connects to silos run elsewhere (Photon.Silo).
    /// </summary>
    public PhotonClusterMode Mode { get; set; } = PhotonClusterMode.Embedded;

    /// <summary>The Orleans cluster id: processes with the same one form a cluster. Default <c>photon</c>.</summary>
    public string ClusterId { get; set; } = "photon";

    /// <summary>The Orleans service id: stable across deployments of the same service. Default <c>photon</c>.</summary>
    public string ServiceId { get; set; } = "photon";

    /// <summary>The port silos talk to each other on. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port a silo accepts cluster clients on (a gateway in client mode connects here). Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>With localhost clustering, the silo port of the first silo, which the others join. Default: <see cref="SiloPort"/>.</summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary>
    /// The Redis that keeps the cluster's membership (<c>PHOTON_CLUSTER_REDIS_URL</c>); when set, silos and
    /// gateways on many servers form one cluster through it instead of localhost clustering.
    /// </summary>
    public string? RedisUrl { get; set; }

    /// <summary>The address a silo tells the others to reach it at (<c>PHOTON_ADVERTISED_ADDRESS</c>). Default 127.0.0.1.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Whether membership lives in Redis.</summary>
    public bool UsesRedis => !string.IsNullOrWhiteSpace(RedisUrl);

    /// <summary>The options in <paramref name="configuration"/>'s <c>Photon:Cluster</c> section, defaults where unset.</summary>
    public static PhotonClusterOptions From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<PhotonClusterOptions>() ?? new();
}

/// <summary>Whether the gateway runs its own silo or joins silos elsewhere.</summary>
public enum PhotonClusterMode
{
    /// <summary>Co-host a silo in the gateway process (one process runs everything).</summary>
    Embedded,

    /// <summary>Connect to an existing cluster as an Orleans client.</summary>
    Client,
}
