namespace Photon.Channels.Internal;

/// <summary>What every broker fills in before a message leaves, as the TypeScript clients do.</summary>
internal static class MessageStamping
{
    /// <summary><paramref name="message"/> with <c>timestamp</c> set to now when it has none.</summary>
    public static ChannelMessage WithTimestamp(this ChannelMessage message) => message.Timestamp is null
        ? message with { Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }
        : message;
}
