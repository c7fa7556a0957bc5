using System.Text.Json.Serialization;

namespace Photon.Channels.Wire;

/// <summary>
/// The gateway's answer to <c>GET /channels</c>: the cluster's active channels and wildcard subscriptions,
/// each sorted by name (ordinal).
/// </summary>
/// <param name="Channels">Active channels: someone subscribes to them by name, or they were published to within the active window.</param>
/// <param name="Patterns">Wildcard subscriptions (<c>prefix:*</c>, <c>*</c>) someone holds; their subscribers are also counted in each matching channel.</param>
public sealed record ChannelList(
    [property: JsonPropertyName("channels")] IReadOnlyList<ChannelSummary> Channels,
    [property: JsonPropertyName("patterns")] IReadOnlyList<PatternSummary> Patterns);
