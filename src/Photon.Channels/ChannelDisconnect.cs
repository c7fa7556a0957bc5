using System.Text.Json.Serialization;

namespace Photon.Channels;

/// <summary>
/// Why the server is closing a subscriber's connection, sent just before it does: over SSE as
/// <c>event: disconnect</c>, over the daemon socket as an <c>error</c> line carrying the same <c>reason</c>.
/// A client that sees it reconnects and resumes from its last event id.
/// </summary>
/// <param name="Reason">One of the <c>*Reason</c> constants.</param>
/// <param name="Message">A sentence for people.</param>
public sealed record ChannelDisconnect(
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("message")] string Message)
{
    /// <summary>The connection fell further behind than its queue allows.</summary>
    public const string SlowConsumerReason = "slow_consumer";

    /// <summary>The gateway is stopping; reconnect (to it once restarted, or to another one).</summary>
    public const string ShutdownReason = "shutdown";

    /// <summary>The SSE event name of the notice.</summary>
    public const string EventName = "disconnect";

    /// <summary>The notice for a connection whose queue overflowed.</summary>
    public static ChannelDisconnect SlowConsumer(int maxMessages, long maxBytes) => new(
        SlowConsumerReason,
        $"the connection fell behind by more than {maxMessages} messages or {maxBytes} bytes and was closed; reconnect with the last event id to resume");

    /// <summary>The notice for a connection closed because the gateway stops.</summary>
    public static ChannelDisconnect Shutdown { get; } = new(ShutdownReason, "the gateway is shutting down; reconnect with the last event id to resume");
}
