namespace Photon.Channels.Redis;

/// <summary>How a <see cref="RedisBroker"/> reaches Redis.</summary>
public sealed class RedisBrokerOptions
{
    /// <summary>The Redis URL (<c>PHOTON_REDIS_URL</c>, else <c>REDIS_URL</c>). Default <c>redis://localhost:6379</c>.</summary>
    public string Url { get; set; } = "redis://localhost:6379";

    /// <summary>The prefix of the pub/sub channels (<c>PHOTON_REDIS_PREFIX</c>). Default <c>photon:channel:</c>.</summary>
    public string Prefix { get; set; } = RedisChannelNames.DefaultPrefix;

    /// <summary>Options from <c>PHOTON_REDIS_URL</c> (or <c>REDIS_URL</c>) and <c>PHOTON_REDIS_PREFIX</c>.</summary>
    public static RedisBrokerOptions FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var options = new RedisBrokerOptions();
        var url = environment(PhotonEnvironment.RedisUrl) is { Length: > 0 } photonUrl ? photonUrl : environment(PhotonEnvironment.GenericRedisUrl);
        if (!string.IsNullOrEmpty(url))
        {
            options.Url = url;
        }

        if (environment(PhotonEnvironment.RedisPrefix) is { Length: > 0 } prefix)
        {
            options.Prefix = prefix;
        }

        return options;
    }
}
