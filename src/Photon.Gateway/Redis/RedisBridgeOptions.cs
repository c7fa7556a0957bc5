using Photon.Channels.Redis;

namespace Photon.Gateway.Redis;

/// <summary>The Redis pub/sub bridge; configuration section <c>Photon:Redis</c>. Off unless <see cref="Url"/> is set.</summary>
public sealed class RedisBridgeOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Photon:Redis";

    /// <summary>The Redis to bridge (<c>PHOTON_REDIS_URL</c>, else <c>REDIS_URL</c>); the bridge is off when empty.</summary>
    public string? Url { get; set; }

    /// <summary>The prefix of the pub/sub channels (<c>PHOTON_REDIS_PREFIX</c>). Default <c>photon:channel:</c>.</summary>
    public string Prefix { get; set; } = RedisChannelNames.DefaultPrefix;

    /// <summary>How long the bridging gateway's lease lasts without renewal; another gateway takes over after it. Default 5 s.</summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The name of a scoped token (<c>Photon:Gateway:Tokens:&lt;name&gt;</c>) the bridge acts as: only channels it
    /// may publish to come in from Redis, only channels it may subscribe to go out. Unset, every channel is bridged.
    /// </summary>
    public string? TokenName { get; set; }

    /// <summary>How many mesh messages may wait to be published to Redis before the newest are dropped (and counted). Default 100,000.</summary>
    public int EgressQueueMessages { get; set; } = 100_000;
}
