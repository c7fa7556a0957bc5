using System.Text.Json.Serialization;

namespace Photon.Channels;

/// <summary>What the gateway answers to a publish: <c>{"published":true,"channel":"board:a","id":"3f9c01b2e7-17"}</c>.</summary>
/// <param name="Channel">The channel the message went to.</param>
/// <param name="Id">The position assigned to the message, as text; the SSE event id subscribers see.</param>
public sealed record PublishReceipt(
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("id")] string Id)
{
    /// <summary>Always <see langword="true"/>: the field the reference daemon's publish result carries.</summary>
    [JsonPropertyName("published")]
    public bool Published { get; init; } = true;

    /// <summary>
    /// <see langword="true"/> when the request's idempotency key was seen before: nothing new was published and
    /// <see cref="Id"/> is the original message's. Left out otherwise.
    /// </summary>
    [JsonPropertyName("duplicate")]
    public bool? Duplicate { get; init; }

    /// <summary>The assigned position, parsed.</summary>
    [JsonIgnore]
    public ChannelPosition? Position => ChannelPosition.TryParse(Id, out var position) ? position : null;

    /// <summary>A receipt for <paramref name="position"/> on <paramref name="channel"/>.</summary>
    public static PublishReceipt For(string channel, ChannelPosition position) => new(channel, position.ToString());
}
