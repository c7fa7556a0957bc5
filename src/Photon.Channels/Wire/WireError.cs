using System.Text.Json.Serialization;

namespace Photon.Channels.Wire;

/// <summary>
/// What is wrong with a request, as every endpoint reports it: a stable machine-readable <paramref name="Code"/>
/// (<c>invalid_json</c>, <c>invalid_channel</c>, ...) and a sentence for people.
/// </summary>
public sealed record WireError([property: JsonPropertyName("error")] string Code, [property: JsonPropertyName("message")] string Message)
{
    /// <summary>The code of <see cref="Forbidden"/>.</summary>
    public const string ForbiddenCode = "forbidden";

    /// <summary>The code of <see cref="RateLimited"/>.</summary>
    public const string RateLimitedCode = "rate_limited";

    /// <summary>The code of <see cref="TooManyConnections"/>.</summary>
    public const string TooManyConnectionsCode = "too_many_connections";

    /// <summary>The body is not JSON.</summary>
    public static WireError InvalidJson(string detail) => new("invalid_json", $"body is not valid JSON: {detail}");

    /// <summary>The body is JSON but not a channel message.</summary>
    public static WireError InvalidMessage(string detail) => new("invalid_message", detail);

    /// <summary>The channel name breaks the rules of <see cref="ChannelName"/>.</summary>
    public static WireError InvalidChannel(string detail) => new("invalid_channel", detail);

    /// <summary>The event name breaks the rules of <see cref="EventName"/>.</summary>
    public static WireError InvalidEvent(string detail) => new("invalid_event", detail);

    /// <summary>The client's token does not allow this channel.</summary>
    public static WireError Forbidden(string detail) => new(ForbiddenCode, detail);

    /// <summary>The client published faster than its rate allows.</summary>
    public static WireError RateLimited(TimeSpan retryAfter) =>
        new(RateLimitedCode, $"publish rate exceeded; retry after {Math.Ceiling(retryAfter.TotalSeconds):0} s");

    /// <summary>The client's address holds as many connections as it may.</summary>
    public static WireError TooManyConnections(int max) =>
        new(TooManyConnectionsCode, $"this address already holds {max} event streams, the most allowed");

    /// <summary>The client holds as many subscriptions on one connection as it may.</summary>
    public static WireError TooManySubscriptions(int max) =>
        new("too_many_subscriptions", $"at most {max} subscriptions per connection");
}
