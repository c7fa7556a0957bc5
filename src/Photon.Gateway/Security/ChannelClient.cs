using Photon.Channels;
using Photon.Channels.Wire;

namespace Photon.Gateway.Security;

/// <summary>
/// Who is on the other end of a request or connection, and what it may do.
/// </summary>
/// <param name="Name">The token's configured name, or <c>address:&lt;ip&gt;</c> for a client without a token; what rate limits, logs and metrics key on.</param>
/// <param name="Publish">The channels it may publish to.</param>
/// <param name="Subscribe">The channels it may subscribe to.</param>
/// <param name="Rate">Its publish rate.</param>
internal sealed record ChannelClient(string Name, ChannelScope Publish, ChannelScope Subscribe, PublishRate Rate)
{
    /// <summary>Why this client may not publish to <paramref name="channel"/>, or null when it may.</summary>
    public WireError? CheckPublish(string channel) =>
        Publish.Allows(channel) ? null : Refuse("publish to", channel, Publish);

    /// <summary>Why this client may not subscribe to <paramref name="pattern"/>, or null when it may.</summary>
    public WireError? CheckSubscribe(ChannelPattern pattern) =>
        Subscribe.Covers(pattern) ? null : Refuse("subscribe to", pattern.Value, Subscribe);

    private WireError Refuse(string action, string target, ChannelScope scope) =>
        WireError.Forbidden($"token '{Name}' may not {action} '{target}' (allowed: {scope})");
}

/// <summary>A token bucket's refill rate (messages per second) and size.</summary>
internal readonly record struct PublishRate(double PerSecond, int Burst)
{
    /// <summary>No limit: for a bridge that no token restricts.</summary>
    public static PublishRate Unlimited { get; } = new(double.PositiveInfinity, int.MaxValue);

    /// <summary>Whether this rate limits anything.</summary>
    public bool IsUnlimited => double.IsPositiveInfinity(PerSecond);
}
