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

    /// <summary>The code of <see cref="MessageTooLarge"/>.</summary>
    public const string MessageTooLargeCode = "message_too_large";

    /// <summary>The code of <see cref="InvalidSignature"/>.</summary>
    public const string InvalidSignatureCode = "invalid_signature";

    /// <summary>The code of <see cref="WebhookNotConfigured"/>.</summary>
    public const string WebhookNotConfiguredCode = "webhook_not_configured";

    /// <summary>The code of <see cref="IdempotencyKeyReused"/>.</summary>
    public const string IdempotencyKeyReusedCode = "idempotency_key_reused";

    /// <summary>The code of <see cref="Unavailable"/>.</summary>
    public const string UnavailableCode = "unavailable";

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

    /// <summary>The message (or request body) is larger than <paramref name="limit"/> bytes.</summary>
    public static WireError MessageTooLarge(long limit) => new(MessageTooLargeCode, $"message body is larger than {limit} bytes");

    /// <summary>The channel mesh did not answer.</summary>
    public static WireError Unavailable(string detail) => new(UnavailableCode, $"the channel mesh is not reachable: {detail}");

    /// <summary>A webhook's signature is missing, malformed, stale or wrong; <paramref name="reason"/> says which, never what was expected.</summary>
    public static WireError InvalidSignature(string reason) => new(InvalidSignatureCode, reason);

    /// <summary>No webhook endpoint is configured for the channel.</summary>
    public static WireError WebhookNotConfigured(string channel) =>
        new(WebhookNotConfiguredCode, $"channel '{channel}' does not accept webhooks (see Photon:Gateway:Webhooks)");

    /// <summary>The idempotency key is empty, too long or holds characters other than visible ASCII.</summary>
    public static WireError InvalidIdempotencyKey(string detail) => new("invalid_idempotency_key", detail);

    /// <summary>The idempotency key was used before on this channel for a different request.</summary>
    public static WireError IdempotencyKeyReused(string originalId) =>
        new(IdempotencyKeyReusedCode, $"this idempotency key was already used for a different request (published as {originalId})");
}
