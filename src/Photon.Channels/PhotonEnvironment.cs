namespace Photon.Channels;

/// <summary>
/// The environment variables Photon reads, under the names the TypeScript clients use, so that one environment
/// configures programs in either language.
/// </summary>
public static class PhotonEnvironment
{
    /// <summary>Explicit broker type (<c>http</c>, <c>daemon</c>, <c>redis</c>, <c>noop</c>, or a registered custom type).</summary>
    public const string Broker = "PHOTON_CHANNEL_BROKER";

    /// <summary>Redis connection URL for the redis broker.</summary>
    public const string RedisUrl = "PHOTON_REDIS_URL";

    /// <summary>The conventional Redis URL variable, read when <see cref="RedisUrl"/> is not set.</summary>
    public const string GenericRedisUrl = "REDIS_URL";

    /// <summary>Prefix of the Redis pub/sub channels (default <c>photon:channel:</c>).</summary>
    public const string RedisPrefix = "PHOTON_REDIS_PREFIX";

    /// <summary>HTTP publish endpoint for the http broker.</summary>
    public const string HttpUrl = "PHOTON_CHANNEL_HTTP_URL";

    /// <summary>SSE subscribe endpoint (default: the publish endpoint).</summary>
    public const string SseUrl = "PHOTON_CHANNEL_SSE_URL";

    /// <summary>Bearer token for HTTP; on the gateway, the token clients must present.</summary>
    public const string AuthToken = "PHOTON_CHANNEL_AUTH_TOKEN";

    /// <summary>Enables debug logging when set to anything but empty, <c>0</c> or <c>false</c>.</summary>
    public const string Debug = "PHOTON_DEBUG";

    /// <summary>The component name: the daemon socket's name and the <c>source</c> of emitted messages.</summary>
    public const string Name = "PHOTON_NAME";

    /// <summary>Directory of the daemon sockets (default <c>~/.photon/daemons</c>).</summary>
    public const string SocketDirectory = "PHOTON_SOCKET_DIR";

    /// <summary>Set to <c>false</c> to keep auto-detection from choosing the daemon broker.</summary>
    public const string DaemonEnabled = "PHOTON_DAEMON_ENABLED";

    /// <summary>Cloudflare account id; its presence selects a registered <c>cloudflare</c> broker.</summary>
    public const string CloudflareAccountId = "PHOTON_CLOUDFLARE_ACCOUNT_ID";

    /// <summary>The conventional Cloudflare account id variable.</summary>
    public const string GenericCloudflareAccountId = "CF_ACCOUNT_ID";

    /// <summary>Reads the process environment.</summary>
    public static string? Get(string name) => Environment.GetEnvironmentVariable(name);

    /// <summary>Whether a flag variable is switched on: set, and neither empty, <c>0</c> nor <c>false</c>.</summary>
    public static bool IsSet(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Trim() is not ("0" or "false" or "False" or "FALSE" or "no" or "off");
}
