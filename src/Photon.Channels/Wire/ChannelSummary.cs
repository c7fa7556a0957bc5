using System.Text.Json.Serialization;

namespace Photon.Channels.Wire;

/// <summary>One active channel in a <see cref="ChannelList"/>.</summary>
/// <param name="Channel">The channel's name.</param>
/// <param name="Subscribers">Subscribers across every gateway of the cluster that receive the channel (by name, by its <c>prefix:*</c>, by <c>*</c>), by transport.</param>
/// <param name="Published">Messages published in the channel's current epoch (its head's sequence; 0 when its head is not known).</param>
/// <param name="MessagesPerSecond">Messages per second averaged over the last 10 s (the rate window), reported every 2 s.</param>
/// <param name="Head">The position of its latest message as last reported, or null when it was not published to recently.</param>
public sealed record ChannelSummary(
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("subscribers")] TransportCounts Subscribers,
    [property: JsonPropertyName("published")] long Published,
    [property: JsonPropertyName("messagesPerSecond")] double MessagesPerSecond,
    [property: JsonPropertyName("head"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Head)
{
    /// <summary>All transports' subscribers together.</summary>
    [JsonPropertyName("subscriberCount")]
    public int SubscriberCount => Subscribers.Sse + Subscribers.Socket + Subscribers.Redis;
}
