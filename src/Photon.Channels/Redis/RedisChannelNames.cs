using System.Text;
using StackExchange.Redis;

namespace Photon.Channels.Redis;

/// <summary>
/// How channels map to Redis pub/sub channels, the TypeScript RedisBroker's way: <c>&lt;prefix&gt;&lt;channel&gt;</c>,
/// exact channels with <c>SUBSCRIBE</c>, wildcards with <c>PSUBSCRIBE</c> (glob characters of the literal part
/// escaped, which the TypeScript client forgets) and one-segment matching done client-side.
/// </summary>
public sealed class RedisChannelNames(string prefix)
{
    /// <summary>The default prefix.</summary>
    public const string DefaultPrefix = "photon:channel:";

    /// <summary>The prefix in front of every channel name.</summary>
    public string Prefix => prefix;

    /// <summary>The Redis channel a message on <paramref name="channel"/> is published to.</summary>
    public RedisChannel For(string channel) => RedisChannel.Literal(prefix + channel);

    /// <summary>The Redis subscription for <paramref name="pattern"/>: a literal channel, or a glob pattern.</summary>
    public RedisChannel SubscriptionFor(ChannelPattern pattern) => pattern.Kind switch
    {
        ChannelPatternKind.Exact => RedisChannel.Literal(prefix + pattern.Value),
        ChannelPatternKind.All => RedisChannel.Pattern(EscapeGlob(prefix) + "*"),
        _ => RedisChannel.Pattern(EscapeGlob(prefix + pattern.Value[..^1]) + "*"),
    };

    /// <summary>The channel a Redis channel name stands for, or <see langword="null"/> when it is not under the prefix.</summary>
    public string? ChannelOf(RedisChannel redisChannel)
    {
        var name = redisChannel.ToString();
        return name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : null;
    }

    /// <summary>Escapes the characters Redis glob patterns give a meaning to.</summary>
    public static string EscapeGlob(string literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        var escaped = new StringBuilder(literal.Length + 8);
        foreach (var c in literal)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
