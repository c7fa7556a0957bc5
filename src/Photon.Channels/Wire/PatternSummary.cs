using System.Text.Json.Serialization;

namespace Photon.Channels.Wire;

/// <summary>A wildcard subscription in a <see cref="ChannelList"/>.</summary>
/// <param name="Pattern"><c>prefix:*</c> or <c>*</c>.</param>
/// <param name="Subscribers">Its subscribers across the cluster, by transport.</param>
public sealed record PatternSummary(
    [property: JsonPropertyName("pattern")] string Pattern,
    [property: JsonPropertyName("subscribers")] TransportCounts Subscribers);
