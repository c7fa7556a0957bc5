using System.Text.Json.Serialization;

namespace Photon.Channels.Wire;

/// <summary>
/// What is wrong with a request, as every endpoint reports it: a stable machine-readable <paramref name="Code"/>
/// (<c>invalid_json</c>, <c>invalid_channel</c>, ...) and a sentence for people.
/// </summary>
public sealed record WireError([property: JsonPropertyName("error")] string Code, [property: JsonPropertyName("message")] string Message)
{
    /// <summary>The body is not JSON.</summary>
    public static WireError InvalidJson(string detail) => new("invalid_json", $"body is not valid JSON: {detail}");

    /// <summary>The body is JSON but not a channel message.</summary>
    public static WireError InvalidMessage(string detail) => new("invalid_message", detail);

    /// <summary>The channel name breaks the rules of <see cref="ChannelName"/>.</summary>
    public static WireError InvalidChannel(string detail) => new("invalid_channel", detail);

    /// <summary>The event name breaks the rules of <see cref="EventName"/>.</summary>
    public static WireError InvalidEvent(string detail) => new("invalid_event", detail);
}
